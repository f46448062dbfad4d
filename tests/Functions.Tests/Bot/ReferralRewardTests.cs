using System.Net;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>An invitation pays off at the invited friend's first purchase: once for each of the two, whatever is delivered twice.</summary>
public sealed class ReferralRewardTests(BotApp app) : IClassFixture<BotApp>
{
    private PurchaseAccrual Accrual => app.Services.GetRequiredService<PurchaseAccrual>();

    [Fact]
    public async Task TheFriendsFirstPurchaseRewardsBothOnceAndNeitherAReplayNorASecondPurchaseGrantsMore()
    {
        var (referrer, friend) = await InvitedAsync();
        var first = Purchase(friend, 1_000m);

        await Accrual.ApplyAsync(first, default);
        await Accrual.ApplyAsync(first, default);
        await Accrual.ApplyAsync(Purchase(friend, 2_000m), default);

        var referrerLedger = await app.LedgerAsync(referrer.CustomerId);
        var reward = Assert.Single(referrerLedger, e => e.Note == ReferralReasons.Referrer);
        Assert.Equal((LedgerEntryKind.Bonus, 200L, $"referral/{friend.CustomerId}"), (reward.Kind, reward.Delta, reward.Operation));
        Assert.Equal(300, (await app.Services.GetRequiredService<LedgerStore>().GetAccountAsync(referrer.CustomerId, default))!.Balance);
        var friendLedger = await app.LedgerAsync(friend.CustomerId);
        var gift = Assert.Single(friendLedger, e => e.Note == ReferralReasons.Friend);
        Assert.Equal((LedgerEntryKind.Bonus, 100L, $"referral/{friend.CustomerId}"), (gift.Kind, gift.Delta, gift.Operation));
        Assert.Equal(2, friendLedger.Count(e => e.Kind == LedgerEntryKind.Earn));
        Assert.Equal(100 + 100 + 30 + 60, (await app.Services.GetRequiredService<LedgerStore>().GetAccountAsync(friend.CustomerId, default))!.Balance);
        await app.AssertBalancedAsync(referrer.CustomerId);
        await app.AssertBalancedAsync(friend.CustomerId);
        Assert.Equal(new ReferralCounters(Joined: 1, Rewarded: 1, Earned: 200), (await app.Services.GetRequiredService<ReferralStore>().GetAsync(referrer.CustomerId, default)) with { Months = null });
        // The SendNotification function of the app delivers the referrer's notification to their chat.
        var notice = await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == referrer.Profile.ChatId
            && c.Text?.Contains("Ваш друг сделал первую покупку — вам начислено 200 баллов.", StringComparison.Ordinal) == true);
        Assert.Contains("На счёте 300 баллов.", notice.Text, StringComparison.Ordinal);
        // The friend is told of their own bonus too, once although the purchase was applied again.
        var giftNotice = await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == friend.Profile.ChatId
            && c.Text?.Contains("Дарим вам 100 баллов", StringComparison.Ordinal) == true);
        Assert.Contains("На счёте 230 баллов.", giftNotice.Text, StringComparison.Ordinal);
        await FunctionsHarness.EventuallyAsync(async () => (await app.Storage.Queue(QueueNames.Notifications).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the notifications queue is empty");
        Assert.Single(app.Telegram.CallsOf("sendMessage"), c => c.ChatId == friend.Profile.ChatId && c.Text?.Contains("Дарим вам", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task ThroughTheMerchantWebhookTheRewardComesOnceEvenWhenTheTillSendsThePurchaseTwice()
    {
        var (referrer, friend) = await InvitedAsync();
        var till = await MerchantClient.CreateAsync(app);
        var purchase = new Dictionary<string, object?>
        {
            ["purchaseId"] = MerchantClient.NewId("p"),
            ["cardNumber"] = friend.Profile.CardNumber,
            ["amount"] = 1_500m,
            ["currency"] = "RUB",
            ["occurredAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };

        using var sent = await till.PostAsync("purchases", purchase);
        using var again = await till.PostAsync("purchases", purchase);

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        await FunctionsHarness.EventuallyAsync(async () => (await app.LedgerAsync(referrer.CustomerId)).Any(e => e.Note == ReferralReasons.Referrer),
            "the referrer is rewarded");
        await FunctionsHarness.EventuallyAsync(async () => (await app.Storage.Queue(QueueNames.Purchases).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the purchases queue is empty");
        Assert.Single(await app.LedgerAsync(referrer.CustomerId), e => e.Note == ReferralReasons.Referrer);
        Assert.Single(await app.LedgerAsync(friend.CustomerId), e => e.Note == ReferralReasons.Friend);
        Assert.Single(await app.LedgerAsync(friend.CustomerId), e => e.Kind == LedgerEntryKind.Earn);
    }

    [Fact]
    public async Task ACustomerNobodyInvitedEarnsNoReferralBonus()
    {
        var user = TelegramUser.NewRandom("Ivan", "ru");
        var customer = await app.StartAsync(user);

        await Accrual.ApplyAsync(Purchase(customer, 1_000m), default);

        Assert.DoesNotContain(await app.LedgerAsync(customer.CustomerId), e => e.Note is ReferralReasons.Referrer or ReferralReasons.Friend);
    }

    private static PurchaseMessage Purchase(CustomerAccount customer, decimal amount) =>
        new("m1", Guid.NewGuid().ToString("N"), null, null, customer.Profile.TelegramUserId, amount, "RUB", DateTimeOffset.UtcNow.AddMinutes(-1), [], 0);

    private async Task<(CustomerAccount Referrer, CustomerAccount Friend)> InvitedAsync()
    {
        var referrer = await app.StartAsync(TelegramUser.NewRandom("Olga", "ru"));
        var friend = await app.StartAsync(TelegramUser.NewRandom("Pavel", "ru"), $"ref_{referrer.Profile.InviteCode}");
        Assert.Equal(referrer.CustomerId, friend.Profile.ReferredBy);
        return (referrer, friend);
    }
}
