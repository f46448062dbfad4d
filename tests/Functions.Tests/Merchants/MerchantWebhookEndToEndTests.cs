using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Notifications;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Telemetry;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.Functions.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Merchants;

/// <summary>Through HTTP, the real <c>purchases</c> queue, the AccruePurchase function and the tables, as a merchant sees it.</summary>
public sealed class MerchantWebhookEndToEndTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    [Fact]
    public async Task APurchaseIsAcceptedThenEarnsPointsAndQueuesTheCustomersNotification()
    {
        var till = await MerchantClient.CreateAsync(app);
        var (customerId, phone) = await RegisterAsync();
        var purchase = MerchantClient.Purchase(NationalFormat(phone), amount: 1000m);

        using var response = await till.PostAsync("purchases", purchase);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(purchase["purchaseId"], answer.GetProperty("id").GetString());
        Assert.Equal("accepted", answer.GetProperty("status").GetString());
        var earn = await EventuallyEntryAsync(customerId, LedgerEntryKind.Earn);
        Assert.Equal(30, earn.Delta); // Bronze earns 3% of 1000.
        Assert.Equal(till.MerchantId, earn.MerchantId);
        var notification = await EventuallyNotificationAsync($"earn-{till.MerchantId}-{purchase["purchaseId"]}");
        Assert.Equal(customerId, notification.CustomerId);
        Assert.Equal(NotificationKind.PointsEarned, notification.Kind);
        Assert.Equal(30, notification.Points);
        Assert.Equal((await Ledger.GetAccountAsync(customerId, default))!.Balance, notification.Balance);
    }

    [Fact]
    public async Task ARefundThatArrivesBeforeItsPurchaseWaitsForItAndThenClawsBack()
    {
        var till = await MerchantClient.CreateAsync(app);
        var (customerId, phone) = await RegisterAsync();
        var purchase = MerchantClient.Purchase(phone, amount: 1000m);
        var refundId = MerchantClient.NewId("r");
        using var metrics = new MetricRecorder();

        using var refunded = await till.PostAsync("refunds", new { refundId, purchaseId = purchase["purchaseId"], amount = 500m });
        Assert.Equal(HttpStatusCode.Accepted, refunded.StatusCode);
        // The accrual took the refund, found no purchase, and put it back to wait: only then does the purchase come.
        await metrics.WaitForAsync("loyalty.refunds.waiting", (LoyaltyMetrics.MerchantIdTag, till.MerchantId));
        Assert.Empty(await Ledger.ReadEntriesAsync(customerId, null, default));
        using var purchased = await till.PostAsync("purchases", purchase);
        Assert.Equal(HttpStatusCode.Accepted, purchased.StatusCode);

        var refund = await EventuallyEntryAsync(customerId, LedgerEntryKind.Refund);
        Assert.Equal(-15, refund.Delta); // Half of the 30 points earned.
        var account = await Ledger.GetAccountAsync(customerId, default);
        Assert.Equal(15, account!.Balance);
        Assert.Equal(account.Balance, (await Ledger.ReadEntriesAsync(customerId, null, default)).Sum(e => e.Delta));
        var notification = await EventuallyNotificationAsync($"refund-{till.MerchantId}-{refundId}");
        Assert.Equal(NotificationKind.PointsClawedBack, notification.Kind);
        Assert.Equal(15, notification.Points);
        Assert.Equal(15, notification.Balance);
    }

    [Fact]
    public async Task AReplayedRequestGetsTheFirstAnswerAndAppliesOnceWhileAnotherBodyUnderTheSameIdIsAConflict()
    {
        var till = await MerchantClient.CreateAsync(app);
        var (customerId, phone) = await RegisterAsync();
        var purchase = MerchantClient.Purchase(phone, amount: 1000m);

        using var first = await till.PostAsync("purchases", purchase);
        using var replay = await till.PostAsync("purchases", purchase, signedAt: DateTimeOffset.UtcNow.AddSeconds(-30));
        using var changed = await till.PostAsync("purchases", new Dictionary<string, object?>(purchase) { ["amount"] = 2000m });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        var problem = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("purchaseId", problem.GetProperty("field").GetString());
        await EventuallyEntryAsync(customerId, LedgerEntryKind.Earn);
        await WhenPurchasesQueueIsEmptyAsync();
        var earn = Assert.Single(await Ledger.ReadEntriesAsync(customerId, null, default));
        Assert.Equal(30, earn.Delta);
    }

    [Fact]
    public async Task ASpendThatCrossesATierThresholdRaisesTheTierAtOnceAndTheNotificationSaysSo()
    {
        var till = await MerchantClient.CreateAsync(app);
        var (customerId, phone) = await RegisterAsync();
        var purchase = MerchantClient.Purchase(phone, amount: 15_000m);

        using var response = await till.PostAsync("purchases", purchase);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var notification = await EventuallyNotificationAsync($"earn-{till.MerchantId}-{purchase["purchaseId"]}");
        Assert.Equal("Silver", notification.Tier);
        Assert.Equal(450, notification.Points); // Earned at the tier the customer had when paying: Bronze, 3%.
        Assert.Equal("Silver", (await Ledger.GetAccountAsync(customerId, default))!.Tier);
    }

    [Fact]
    public async Task AnActiveCampaignOfTheMerchantMultipliesThePointsItsPurchasesEarn()
    {
        var till = await MerchantClient.CreateAsync(app);
        var (customerId, phone) = await RegisterAsync();
        var now = DateTimeOffset.UtcNow;
        await app.Services.GetRequiredService<CampaignStore>().SaveAsync(
            new Campaign(MerchantClient.NewId("c"), "Double points week", now.AddDays(-1), now.AddDays(6), 2m, MerchantIds: [till.MerchantId]), default);

        using var response = await till.PostAsync("purchases", MerchantClient.Purchase(phone, amount: 1000m));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var earn = await EventuallyEntryAsync(customerId, LedgerEntryKind.Earn);
        Assert.Equal(60, earn.Delta);
    }

    private async Task<(string CustomerId, string Phone)> RegisterAsync()
    {
        var phone = MerchantClient.NewPhone();
        var userId = Random.Shared.NextInt64(1, long.MaxValue / 2);
        var directory = app.Services.GetRequiredService<CustomerDirectory>();
        var registered = await directory.RegisterAsync(new NewCustomer(userId, PhoneNumber.Parse(phone).Value, "Anna", "en", userId), ProgramRules.Default, default);
        return (registered.Value.CustomerId, phone);
    }

    /// <summary>+79121234567 as a cashier types it: 8 (912) 123-45-67.</summary>
    private static string NationalFormat(string e164) => $"8 ({e164[2..5]}) {e164[5..8]}-{e164[8..10]}-{e164[10..]}";

    private Task<LedgerEntry> EventuallyEntryAsync(string customerId, LedgerEntryKind kind) =>
        FunctionsHarness.EventuallyAsync(async () => (await Ledger.ReadEntriesAsync(customerId, null, default)).FirstOrDefault(e => e.Kind == kind),
            $"a {kind} entry is on the ledger");

    private Task<Notification> EventuallyNotificationAsync(string id) =>
        FunctionsHarness.EventuallyAsync(async () => (await app.Storage.Queue(QueueNames.Notifications).PeekMessagesAsync(maxMessages: 32)).Value
            .Select(m => Notifier.Read(m.Body.ToString())).FirstOrDefault(n => n.Id == id), $"notification {id} is queued");

    private async Task WhenPurchasesQueueIsEmptyAsync()
    {
        var queue = app.Storage.Queue(QueueNames.Purchases);
        await FunctionsHarness.EventuallyAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the purchases queue is empty");
    }
}
