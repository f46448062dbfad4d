using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>The expiry reminders on an Azurite of their own and a fake clock: customers' purchases, runs as separate app instances make them.</summary>
internal sealed class ReminderJob : JobHarness
{
    /// <summary>Points that last 30 days, so a test's clock travels weeks, not a year; no welcome bonus.</summary>
    public static readonly ProgramRules ThirtyDays = ProgramRules.Default with { ExpiryDays = 30, WelcomeBonus = 0 };

    private ReminderJob(StorageOfItsOwn storage, LedgerHarness ledger)
        : base(storage, ledger)
    {
    }

    /// <summary>A fresh Azurite, the clock at <paramref name="now"/>, the program under <paramref name="rules"/> (<see cref="ThirtyDays"/>: Moscow).</summary>
    public static async Task<ReminderJob> StartAsync(DateTimeOffset now, ProgramRules? rules = null)
    {
        var (storage, ledger) = await StartStorageAsync(now, rules ?? ThirtyDays);
        return new ReminderJob(storage, ledger);
    }

    /// <summary>A run as one app instance makes it: a store and a program cache of its own.</summary>
    public ExpiryReminderRun Run() => new(
        new ExpiryIndex(Storage), NewLedgerStore(), new ProgramStore(Storage, Time), new Notifier(Storage), new JobProgress(Storage),
        new ExpiryReminderSettings(), Time, NullLogger<ExpiryReminderRun>.Instance);

    public Task<ExpiryRemindersSummary> RunAsync() => Run().RunAsync(default);

    /// <summary>Moves the clock to <paramref name="moment"/> and runs.</summary>
    public Task<ExpiryRemindersSummary> RunAtAsync(DateTimeOffset moment)
    {
        Time.SetUtcNow(moment);
        return RunAsync();
    }

    /// <summary>A customer with a Telegram chat (or without one) who bought for <paramref name="amount"/> now (3 % of it in points).</summary>
    public async Task<string> CustomerWhoBoughtAsync(decimal amount = 1_000m, bool withChat = true)
    {
        var telegramUserId = Random.Shared.NextInt64(1, long.MaxValue);
        var registered = await Ledger.Directory.RegisterAsync(new NewCustomer(telegramUserId, null, "Anna", "en", withChat ? telegramUserId : null), Ledger.Rules, default);
        await Ledger.EarnAsync(registered.Value.CustomerId, amount);
        return registered.Value.CustomerId;
    }

    /// <summary>The ids of the customer's queued reminders, each as many times as it was queued.</summary>
    public async Task<IReadOnlyList<string>> RemindersAsync(string customerId) =>
        [.. (await NotificationsAsync(customerId)).Where(n => n.Kind is NotificationKind.PointsExpiring or NotificationKind.PointsLastChance).Select(n => n.Id)];
}
