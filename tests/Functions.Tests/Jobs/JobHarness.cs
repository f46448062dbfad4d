using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>
/// A daily job on an Azurite of its own (the job's progress, the program's rules, the indexes and the notifications
/// queue are the whole app's) and a fake clock; each run is made as a separate app instance would make it.
/// </summary>
internal abstract class JobHarness : IAsyncDisposable
{
    private readonly StorageOfItsOwn storage;

    protected JobHarness(StorageOfItsOwn storage, LedgerHarness ledger)
    {
        this.storage = storage;
        Ledger = ledger;
    }

    public LedgerHarness Ledger { get; }

    public StorageAccount Storage => storage.Account;

    public FakeTimeProvider Time => Ledger.Time;

    /// <summary>A fresh Azurite, the clock at <paramref name="now"/>, the program under <paramref name="rules"/> (the defaults when null), saved.</summary>
    protected static async Task<(StorageOfItsOwn Storage, LedgerHarness Ledger)> StartStorageAsync(DateTimeOffset now, ProgramRules? rules)
    {
        var storage = new StorageOfItsOwn();
        await storage.InitializeAsync();
        var ledger = await LedgerHarness.StartAsync(rules, now, storage.Account);
        await new ProgramStore(storage.Account, ledger.Time).SaveAsync(ledger.Rules, default);
        return (storage, ledger);
    }

    /// <summary>A ledger store of a separate instance: a lock table of its own.</summary>
    protected LedgerStore NewLedgerStore() => new(Storage, new ExpiryIndex(Storage), new TierReviewIndex(Storage), Time, NullLogger<LedgerStore>.Instance);

    /// <summary>A customer registered in the bot with a chat (or a Telegram id alone, without one), named Anna, in English.</summary>
    public async Task<string> CustomerAsync(bool withChat = true)
    {
        var telegramUserId = Random.Shared.NextInt64(1, long.MaxValue);
        var registered = await Ledger.Directory.RegisterAsync(new NewCustomer(telegramUserId, null, "Anna", "en", withChat ? telegramUserId : null), Ledger.Rules, default);
        return registered.Value.CustomerId;
    }

    /// <summary>The notifications queued for the customer, as many times as each was queued.</summary>
    public async Task<IReadOnlyList<Notification>> NotificationsAsync(string customerId) =>
        [.. (await Storage.Queue(QueueNames.Notifications).PeekMessagesAsync(32)).Value.Select(m => Notifier.Read(m.Body.ToString())).Where(n => n.CustomerId == customerId)];

    public async ValueTask DisposeAsync() => await storage.DisposeAsync();
}
