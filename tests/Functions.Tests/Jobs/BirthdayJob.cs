using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>
/// The birthday greetings on an Azurite of their own (the job's progress, the program's rules and the birthday index are
/// the whole app's) and a fake clock: customers born on a day, runs as separate app instances make them, what they left.
/// </summary>
internal sealed class BirthdayJob : IAsyncDisposable
{
    private readonly StorageOfItsOwn storage;

    private BirthdayJob(StorageOfItsOwn storage, LedgerHarness ledger)
    {
        this.storage = storage;
        Ledger = ledger;
        Profiles = new CustomerProfiles(ledger.Directory, ledger.Ledger, new BirthdayIndex(Storage));
    }

    public LedgerHarness Ledger { get; }

    public CustomerProfiles Profiles { get; }

    public StorageAccount Storage => storage.Account;

    public FakeTimeProvider Time => Ledger.Time;

    /// <summary>A fresh Azurite, the clock at <paramref name="now"/>, the program under <paramref name="rules"/> (the defaults: Moscow, 300 points).</summary>
    public static async Task<BirthdayJob> StartAsync(DateTimeOffset now, ProgramRules? rules = null)
    {
        var storage = new StorageOfItsOwn();
        await storage.InitializeAsync();
        var job = new BirthdayJob(storage, await LedgerHarness.StartAsync(rules, now, storage.Account));
        await new ProgramStore(job.Storage, job.Time).SaveAsync(job.Ledger.Rules, default);
        return job;
    }

    /// <summary>A run as one app instance makes it: a store and a program cache of its own.</summary>
    public BirthdayGreetingRun Run(int hour = BirthdayGreetingSettings.DefaultLocalHour) => new(
        new BirthdayIndex(Storage), new LedgerStore(Storage, new ExpiryIndex(Storage), new TierReviewIndex(Storage), Time, NullLogger<LedgerStore>.Instance),
        new ProgramStore(Storage, Time), new Notifier(Storage), new JobProgress(Storage), new BirthdayGreetingSettings(hour), Time,
        NullLogger<BirthdayGreetingRun>.Instance);

    public Task<BirthdayGreetingsSummary> RunAsync(int hour = BirthdayGreetingSettings.DefaultLocalHour) => Run(hour).RunAsync(default);

    /// <summary>A customer with a Telegram chat (or without one) who set <paramref name="birthday"/> (<c>15.06</c>) in the bot.</summary>
    public async Task<string> CustomerBornAsync(string birthday, bool withChat = true)
    {
        var telegramUserId = Random.Shared.NextInt64(1, long.MaxValue);
        var registered = await Ledger.Directory.RegisterAsync(new NewCustomer(telegramUserId, null, "Anna", "en", withChat ? telegramUserId : null), Ledger.Rules, default);
        var saved = await Profiles.SetBirthdayAsync(registered.Value.CustomerId, Birthday.Parse(birthday, new DateOnly(2000, 1, 1)).Value, default);
        Assert.True(saved?.Saved);
        return registered.Value.CustomerId;
    }

    /// <summary>The customer's birthday bonuses on the ledger.</summary>
    public async Task<IReadOnlyList<LedgerEntry>> BonusesAsync(string customerId) =>
        [.. (await Ledger.Ledger.ReadEntriesAsync(customerId, null, default)).Where(e => e is { Kind: LedgerEntryKind.Bonus, Note: BirthdayGreetingRun.Reason })];

    /// <summary>The notifications queued for the customer, as many times as each was queued.</summary>
    public async Task<IReadOnlyList<Notification>> NotificationsAsync(string customerId) =>
        [.. (await Storage.Queue(QueueNames.Notifications).PeekMessagesAsync(32)).Value.Select(m => Notifier.Read(m.Body.ToString())).Where(n => n.CustomerId == customerId)];

    public async ValueTask DisposeAsync() => await storage.DisposeAsync();
}
