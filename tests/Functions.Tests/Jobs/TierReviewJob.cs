using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Domain.Rules;
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
/// The tier review on an Azurite of its own (the job's progress, the program's rules and the review index are the whole
/// app's) and a fake clock: customers who buy their way up, runs as separate app instances make them, what they left.
/// </summary>
internal sealed class TierReviewJob : IAsyncDisposable
{
    private readonly StorageOfItsOwn storage;

    private TierReviewJob(StorageOfItsOwn storage, LedgerHarness ledger)
    {
        this.storage = storage;
        Ledger = ledger;
    }

    public LedgerHarness Ledger { get; }

    public StorageAccount Storage => storage.Account;

    public FakeTimeProvider Time => Ledger.Time;

    /// <summary>A fresh Azurite, the clock at <paramref name="now"/>, the program under <paramref name="rules"/>.</summary>
    public static async Task<TierReviewJob> StartAsync(DateTimeOffset now, ProgramRules rules)
    {
        var storage = new StorageOfItsOwn();
        await storage.InitializeAsync();
        var job = new TierReviewJob(storage, await LedgerHarness.StartAsync(rules, now, storage.Account));
        await new ProgramStore(job.Storage, job.Time).SaveAsync(rules, default);
        return job;
    }

    /// <summary>A run as one app instance makes it: a store and a program cache of its own.</summary>
    public TierReviewRun Run() => new(
        new TierReviewIndex(Storage), new LedgerStore(Storage, new ExpiryIndex(Storage), new TierReviewIndex(Storage), Time, NullLogger<LedgerStore>.Instance),
        new ProgramStore(Storage, Time), new Notifier(Storage), new JobProgress(Storage), Time, NullLogger<TierReviewRun>.Instance);

    public Task<TierReviewSummary> RunAsync() => Run().RunAsync(default);

    /// <summary>A customer of the bot (or a till-only one, without a chat) who has just bought for <paramref name="spent"/>.</summary>
    public async Task<string> CustomerWhoSpentAsync(decimal spent, bool withChat = true)
    {
        var telegramUserId = Random.Shared.NextInt64(1, long.MaxValue);
        var registered = await Ledger.Directory.RegisterAsync(new NewCustomer(telegramUserId, null, "Anna", "en", withChat ? telegramUserId : null), Ledger.Rules, default);
        await Ledger.EarnAsync(registered.Value.CustomerId, spent);
        return registered.Value.CustomerId;
    }

    public async Task<string> TierAsync(string customerId) => (await Ledger.AccountAsync(customerId)).Tier;

    /// <summary>The notifications queued for the customer, as many times as each was queued.</summary>
    public async Task<IReadOnlyList<Notification>> NotificationsAsync(string customerId) =>
        [.. (await Storage.Queue(QueueNames.Notifications).PeekMessagesAsync(32)).Value.Select(m => Notifier.Read(m.Body.ToString())).Where(n => n.CustomerId == customerId)];

    /// <summary>Moves the clock to <paramref name="moment"/>, which must not be earlier.</summary>
    public void MoveTo(DateTimeOffset moment) => Time.Advance(moment - Time.GetUtcNow());

    public async ValueTask DisposeAsync() => await storage.DisposeAsync();
}
