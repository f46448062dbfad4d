using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>
/// The birthday greetings on an Azurite of their own and a fake clock: customers born on a day, runs as separate app
/// instances make them, what they left.
/// </summary>
internal sealed class BirthdayJob : JobHarness
{
    private BirthdayJob(StorageOfItsOwn storage, LedgerHarness ledger)
        : base(storage, ledger)
    {
        Profiles = new CustomerProfiles(ledger.Directory, ledger.Ledger, new BirthdayIndex(Storage));
    }

    public CustomerProfiles Profiles { get; }

    /// <summary>A fresh Azurite, the clock at <paramref name="now"/>, the program under <paramref name="rules"/> (the defaults: Moscow, 300 points).</summary>
    public static async Task<BirthdayJob> StartAsync(DateTimeOffset now, ProgramRules? rules = null)
    {
        var (storage, ledger) = await StartStorageAsync(now, rules);
        return new BirthdayJob(storage, ledger);
    }

    /// <summary>A run as one app instance makes it: a store and a program cache of its own.</summary>
    public BirthdayGreetingRun Run(int hour = BirthdayGreetingSettings.DefaultLocalHour) => new(
        new BirthdayIndex(Storage), NewLedgerStore(),
        new ProgramStore(Storage, Time), new Notifier(Storage), new JobProgress(Storage), new BirthdayGreetingSettings(hour), Time,
        NullLogger<BirthdayGreetingRun>.Instance);

    public Task<BirthdayGreetingsSummary> RunAsync(int hour = BirthdayGreetingSettings.DefaultLocalHour) => Run(hour).RunAsync(default);

    /// <summary>A customer with a Telegram chat (or without one) who set <paramref name="birthday"/> (<c>15.06</c>) in the bot.</summary>
    public async Task<string> CustomerBornAsync(string birthday, bool withChat = true)
    {
        var customerId = await CustomerAsync(withChat);
        var saved = await Profiles.SetBirthdayAsync(customerId, Birthday.Parse(birthday, new DateOnly(2000, 1, 1)).Value, default);
        Assert.True(saved?.Saved);
        return customerId;
    }

    /// <summary>The customer's birthday bonuses on the ledger.</summary>
    public async Task<IReadOnlyList<LedgerEntry>> BonusesAsync(string customerId) =>
        [.. (await Ledger.Ledger.ReadEntriesAsync(customerId, null, default)).Where(e => e is { Kind: LedgerEntryKind.Bonus, Note: BirthdayGreetingRun.Reason })];
}
