using Azure.Storage.Queues;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Notifications;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoyaltyBot.Functions.Tests.Accrual;

/// <summary>The real app with its own AccruePurchase listener switched off, so each test runs the listener when it wants.</summary>
public sealed class ManualAccrualApp : LoyaltyApp
{
    public FunctionsHarness.LogSink Logs { get; } = new();

    /// <summary>A listener on the real <c>purchases</c> queue running the app's real AccruePurchase handler.</summary>
    public QueueListener Listener(TimeSpan lease)
    {
        var options = FunctionsHarness.FastQueueOptions();
        options.LeaseDuration = lease;
        return new(Services.GetRequiredService<FunctionCatalog>()["AccruePurchase"], Services.GetRequiredService<FunctionInvoker>(), Storage, Options.Create(options),
            TimeProvider.System, Services.GetRequiredService<ILogger<QueueListener>>());
    }

    protected override void Configure(IDictionary<string, string?> settings) => settings["AzureWebJobs.AccruePurchase.Disabled"] = "true";

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
}

/// <summary>At-least-once delivery of the <c>purchases</c> queue: duplicates, crashes and poison messages.</summary>
public sealed class AccruePurchaseDeliveryTests(ManualAccrualApp app) : IClassFixture<ManualAccrualApp>
{
    private QueueClient Purchases => app.Storage.Queue(QueueNames.Purchases);

    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    [Fact]
    public async Task TheSameMessageDeliveredThreeTimesEarnsOnceAndEveryNotificationCarriesTheSameId()
    {
        var (customerId, message) = await NewPurchaseMessageAsync();
        for (var i = 0; i < 3; i++)
        {
            await Purchases.SendMessageAsync(message);
        }

        await DrainAsync();

        var earn = Assert.Single(await Ledger.ReadEntriesAsync(customerId, null, default));
        Assert.Equal(LedgerEntryKind.Earn, earn.Kind);
        Assert.Equal(30, earn.Delta);
        var ids = (await NotificationsForAsync(customerId)).Select(n => n.Id).Distinct().ToList();
        Assert.Single(ids);
    }

    [Fact]
    public async Task AWorkerThatTookTheMessageAndDiedBeforeCommittingLosesNothing()
    {
        var (customerId, message) = await NewPurchaseMessageAsync();
        await Purchases.SendMessageAsync(message);
        // The dead worker: took the message under a lease and never came back to delete it.
        var taken = (await Purchases.ReceiveMessageAsync(TimeSpan.FromSeconds(2))).Value;
        Assert.NotNull(taken);

        await DrainAsync(until: async () => (await Ledger.ReadEntriesAsync(customerId, null, default)).Count > 0);

        var earn = Assert.Single(await Ledger.ReadEntriesAsync(customerId, null, default));
        Assert.Equal(30, earn.Delta);
        Assert.Equal(30, (await Ledger.GetAccountAsync(customerId, default))!.Balance);
        Assert.Single(await NotificationsForAsync(customerId));
    }

    [Fact]
    public async Task AWorkerThatCommittedButDiedBeforeDeletingTheMessageLeavesItToBeAppliedOnceAndNotifiedAnyway()
    {
        var (customerId, message) = await NewPurchaseMessageAsync();
        await Purchases.SendMessageAsync(message);
        // The dead worker got as far as the ledger commit.
        await app.Services.GetRequiredService<PurchaseAccrual>().ApplyAsync(AccrualInbox.Read(message).Purchase!, default);

        await DrainAsync();

        var earn = Assert.Single(await Ledger.ReadEntriesAsync(customerId, null, default));
        Assert.Equal(30, earn.Delta);
        Assert.Single(await NotificationsForAsync(customerId));
    }

    [Fact]
    public async Task AMessageThatCanNeverApplyEndsInThePoisonQueueWithItsReasonLogged()
    {
        var (customerId, message) = await NewPurchaseMessageAsync();
        var foreign = message.Replace("\"currency\":\"RUB\"", "\"currency\":\"USD\"", StringComparison.Ordinal);
        Assert.NotEqual(message, foreign);
        await Purchases.SendMessageAsync(foreign);

        var poison = app.Storage.Queue(QueueNames.Purchases + StorageAccount.PoisonSuffix);
        await DrainAsync(until: async () => (await poison.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString() == foreign));

        Assert.Empty(await Ledger.ReadEntriesAsync(customerId, null, default));
        var logged = Assert.Single(app.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception is AccrualRejectedException && e.Exception.Message.Contains("CurrencyMismatch", StringComparison.Ordinal));
        Assert.Contains("purchases-poison", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACardPurchaseCarriesItsCustomerFromTheWebhookSoTheAccrualLooksNothingUp()
    {
        var userId = Random.Shared.NextInt64(1, long.MaxValue / 2);
        var customer = (await app.Services.GetRequiredService<CustomerDirectory>()
            .RegisterAsync(new NewCustomer(userId, null, "Vera", "ru", userId), ProgramRules.Default, default)).Value;
        var till = await MerchantClient.CreateAsync(app);
        var purchase = MerchantClient.Purchase(MerchantClient.NewPhone());
        purchase.Remove("phone");
        purchase["cardNumber"] = customer.Profile.CardNumber;

        using var response = await till.PostAsync("purchases", purchase);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var queued = (await Purchases.PeekMessagesAsync(32)).Value.Select(m => AccrualInbox.Read(m.Body.ToString()).Purchase)
            .Single(p => p?.PurchaseId == (string)purchase["purchaseId"]!);
        app.Storage.Counter.Reset();
        await DrainAsync();

        Assert.Equal(customer.CustomerId, queued!.CustomerId);
        Assert.Equal(30, Assert.Single(await Ledger.ReadEntriesAsync(customer.CustomerId, null, default)).Delta);
        Assert.DoesNotContain(StorageRequestCounter.ByResource(app.Storage.Counter.Counts()).Keys, k => k.EndsWith("Lookup", StringComparison.Ordinal));
    }

    /// <summary>A registered Telegram customer and a queued purchase of 1000 by their phone, as the webhook writes it.</summary>
    private async Task<(string CustomerId, string Message)> NewPurchaseMessageAsync()
    {
        var phone = PhoneNumber.Parse(MerchantClient.NewPhone()).Value;
        var userId = Random.Shared.NextInt64(1, long.MaxValue / 2);
        var customer = await app.Services.GetRequiredService<CustomerDirectory>()
            .RegisterAsync(new NewCustomer(userId, phone, "Boris", "ru", userId), ProgramRules.Default, default);
        var purchase = new PurchaseMessage("m" + Guid.NewGuid().ToString("N")[..20], MerchantClient.NewId("p"), phone.E164, null, null, 1000m, "RUB",
            DateTimeOffset.UtcNow.AddMinutes(-5), [], 0);
        return (customer.Value.CustomerId, WireJson.Write(new AccrualMessage(Purchase: purchase)));
    }

    /// <summary>Runs a listener until the queue is empty (and <paramref name="until"/> holds), then stops it.</summary>
    private async Task DrainAsync(Func<Task<bool>>? until = null)
    {
        using var listener = app.Listener(lease: TimeSpan.FromSeconds(2));
        await listener.StartAsync(CancellationToken.None);
        await FunctionsHarness.EventuallyAsync(async () => (until is null || await until()) && (await Purchases.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the purchases queue is drained");
        await listener.StopAsync(CancellationToken.None);
    }

    private async Task<List<Notification>> NotificationsForAsync(string customerId) =>
        (await app.Storage.Queue(QueueNames.Notifications).PeekMessagesAsync(32)).Value
            .Select(m => Notifier.Read(m.Body.ToString())).Where(n => n.CustomerId == customerId).ToList();
}
