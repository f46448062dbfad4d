using System.Net;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Redemptions;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Tests.Notifications.BotScenario;

namespace LoyaltyBot.Functions.Tests.Notifications;

/// <summary>
/// A customer learns of each change to their points made outside the chat, once; a customer the bot cannot reach gets
/// nothing queued at all. The real app: merchant API, queue functions, Telegram.Bot client and the Bot API double.
/// </summary>
public sealed class PointsChangesToldTests(BotApp app) : IClassFixture<BotApp>
{
    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    [Fact]
    public async Task PointsPaidAtATillAndGivenBackByItsCancelAreEachToldOnce()
    {
        var (user, customer) = await RegisterAsync(app, "en");
        Assert.True((await Ledger.AdjustAsync(customer.CustomerId, OperationKey.Of("test", NewId("points")), 500, "test points", ProgramRules.Default, default)).IsSuccess);
        var code = await app.Services.GetRequiredService<RedemptionCodeStore>().IssueAsync(customer.CustomerId, default);
        var till = await MerchantClient.CreateAsync(app, "Bakery");
        var redemptionId = MerchantClient.NewId("rd");
        var body = new { redemptionId, code = code.Code, points = 120, purchaseAmount = 1000m };

        using var redeemed = await till.PostAsync("redemptions", body);
        using var replayed = await till.PostAsync("redemptions", body);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (redeemed.StatusCode, replayed.StatusCode));
        await MessageToAsync(app, user, "You paid with points at Bakery: 120 points spent. Your balance: 380 points.");

        using var cancelled = await till.SendAsync(HttpMethod.Delete, $"redemptions/{redemptionId}", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        await MessageToAsync(app, user, "Your payment with points at Bakery was cancelled: 120 points are back. Your balance: 500 points.");

        await WhenQueueIsEmptyAsync(app);
        Assert.Equal(2, MessagesTo(app, user).Count);
    }

    [Fact]
    public async Task ACustomerWithoutAChatGetsNothingQueuedForAPurchaseOrARefundWhileOneWithAChatIsTold()
    {
        var (_, tillOnly) = await RegisterAsync(app, "ru", withChat: false);
        var (chatUser, withChat) = await RegisterAsync(app, "ru");
        var till = await MerchantClient.CreateAsync(app, "Аптека");
        var counter = app.Services.GetRequiredService<StorageAccount>().Counter;

        var queuedForTillOnly = await NotificationsQueuedAsync(counter, async () =>
        {
            var purchase = await PostPurchaseAsync(till, tillOnly.Profile.TelegramUserId!.Value);
            using var refund = await till.PostAsync("refunds", new { refundId = MerchantClient.NewId("r"), purchaseId = purchase, amount = 400m });
            Assert.Equal(HttpStatusCode.Accepted, refund.StatusCode);
            await UntilEntryAsync(tillOnly.CustomerId, LedgerEntryKind.Refund);
        });
        var queuedForChat = await NotificationsQueuedAsync(counter, async () =>
        {
            await PostPurchaseAsync(till, withChat.Profile.TelegramUserId!.Value);
        });

        Assert.Equal(0, queuedForTillOnly);
        Assert.Equal(1, queuedForChat);
        await MessageToAsync(app, chatUser, "Начислено 30 баллов за покупку в «Аптека»");
    }

    /// <summary>Posts a purchase of 1 000 ₽ by Telegram id and waits until it is accrued; its id.</summary>
    private async Task<string> PostPurchaseAsync(MerchantClient till, long telegramUserId)
    {
        var purchase = MerchantClient.Purchase("", amount: 1000m);
        purchase.Remove("phone");
        purchase["telegramUserId"] = telegramUserId;
        using var response = await till.PostAsync("purchases", purchase);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var customer = (await app.Services.GetRequiredService<Customers.CustomerDirectory>().FindAccountAsync(LookupKey.Telegram(telegramUserId), default))!;
        await UntilEntryAsync(customer.CustomerId, LedgerEntryKind.Earn);
        return (string)purchase["purchaseId"]!;
    }

    private Task UntilEntryAsync(string customerId, LedgerEntryKind kind) => FunctionsHarness.EventuallyAsync(async () =>
        (await Ledger.ReadEntriesAsync(customerId, null, default)).Any(e => e.Kind == kind), $"a {kind} entry");

    /// <summary>The messages put on the notifications queue while <paramref name="act"/> ran and the accruals it caused finished.</summary>
    private async Task<long> NotificationsQueuedAsync(StorageRequestCounter counter, Func<Task> act)
    {
        var before = Puts(counter);
        await act();
        // The accrual deletes its message only after it queued the notification.
        await FunctionsHarness.EventuallyAsync(async () => (await app.Storage.Queue(QueueNames.Purchases).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the purchases queue is empty");
        return Puts(counter) - before;
    }

    private static long Puts(StorageRequestCounter counter) =>
        counter.Counts().Where(c => c.Kind == "queue POST" && c.Resource == QueueNames.Notifications).Sum(c => c.Count);
}
