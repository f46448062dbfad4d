using System.Net;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Notifications;
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
        var reward = Assert.Single(referrerLedger, e => e.Note == ReferralStore.ReferrerReason);
        Assert.Equal((LedgerEntryKind.Bonus, 200L, $"referral/{friend.CustomerId}"), (reward.Kind, reward.Delta, reward.Operation));
        Assert.Equal(300, (await app.Services.GetRequiredService<LedgerStore>().GetAccountAsync(referrer.CustomerId, default))!.Balance);
        var friendLedger = await app.LedgerAsync(friend.CustomerId);
        var gift = Assert.Single(friendLedger, e => e.Note == ReferralStore.FriendReason);
        Assert.Equal((LedgerEntryKind.Bonus, 100L, $"referral/{friend.CustomerId}"), (gift.Kind, gift.Delta, gift.Operation));
        Assert.Equal(2, friendLedger.Count(e => e.Kind == LedgerEntryKind.Earn));
        Assert.Equal(100 + 100 + 30 + 60, (await app.Services.GetRequiredService<LedgerStore>().GetAccountAsync(friend.CustomerId, default))!.Balance);
        await AssertBalancedAsync(referrer.CustomerId);
        await AssertBalancedAsync(friend.CustomerId);
        Assert.Equal(new ReferralCounters(Joined: 1, Rewarded: 1, Earned: 200), await app.Services.GetRequiredService<ReferralStore>().GetAsync(referrer.CustomerId, default));
        var notification = await NotificationAsync($"referral-{friend.CustomerId}");
        Assert.Equal((referrer.CustomerId, NotificationKind.ReferralReward, 200L, 300L), (notification.CustomerId, notification.Kind, notification.Points, notification.Balance));
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
        await FunctionsHarness.EventuallyAsync(async () => (await app.LedgerAsync(referrer.CustomerId)).Any(e => e.Note == ReferralStore.ReferrerReason),
            "the referrer is rewarded");
        await FunctionsHarness.EventuallyAsync(async () => (await app.Storage.Queue(QueueNames.Purchases).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the purchases queue is empty");
        Assert.Single(await app.LedgerAsync(referrer.CustomerId), e => e.Note == ReferralStore.ReferrerReason);
        Assert.Single(await app.LedgerAsync(friend.CustomerId), e => e.Note == ReferralStore.FriendReason);
        Assert.Single(await app.LedgerAsync(friend.CustomerId), e => e.Kind == LedgerEntryKind.Earn);
    }

    [Fact]
    public async Task ACustomerNobodyInvitedEarnsNoReferralBonus()
    {
        var user = TelegramUser.NewRandom("Ivan", "ru");
        var customer = await app.StartAsync(user);

        await Accrual.ApplyAsync(Purchase(customer, 1_000m), default);

        Assert.DoesNotContain(await app.LedgerAsync(customer.CustomerId), e => e.Note is ReferralStore.ReferrerReason or ReferralStore.FriendReason);
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

    private async Task AssertBalancedAsync(string customerId)
    {
        var account = await app.Services.GetRequiredService<LedgerStore>().GetAccountAsync(customerId, default);
        Assert.Equal(account!.Balance, (await app.LedgerAsync(customerId)).Sum(e => e.Delta));
        Assert.Equal(account.Balance, account.Totals.Net);
    }

    private async Task<Notification> NotificationAsync(string id)
    {
        var queue = app.Storage.Queue(QueueNames.Notifications);
        Notification? found = null;
        await FunctionsHarness.EventuallyAsync(async () =>
        {
            var peeked = (await queue.PeekMessagesAsync(maxMessages: 32)).Value;
            found = peeked.Select(m => Notifier.Read(m.Body.ToString())).FirstOrDefault(n => n.Id == id);
            return found is not null;
        }, $"notification {id} is queued");
        return found!;
    }
}
