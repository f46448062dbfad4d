using System.Globalization;
using System.Net;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>
/// An invitation pays only for a real friend's real purchase: not for oneself, not in a circle, not through a second
/// account of the referrer, not twice, not for a purchase that is returned, and not beyond the referrer's monthly cap.
/// </summary>
public sealed class ReferralFraudTests(BotApp app) : IClassFixture<BotApp>
{
    private PurchaseAccrual Accrual => app.Services.GetRequiredService<PurchaseAccrual>();

    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    [Fact]
    public async Task AFriendsPurchaseBelowTheMinimumRewardsNothingAndTheFirstThatReachesItRewardsBoth()
    {
        var (referrer, friend) = await InvitedAsync();

        await Accrual.ApplyAsync(Purchase(friend, 499m), default);
        Assert.Empty(await ReferralEntriesAsync(referrer.CustomerId));
        await Accrual.ApplyAsync(Purchase(friend, 500m), default);

        Assert.Equal([200L], (await ReferralEntriesAsync(referrer.CustomerId)).Select(e => e.Delta));
        Assert.Equal([100L], (await ReferralEntriesAsync(friend.CustomerId)).Select(e => e.Delta));
    }

    [Fact]
    public async Task OnesOwnLinkRecordsNoReferrerAndEarnsNothing()
    {
        var user = TelegramUser.NewRandom("Olga", "ru");
        var customer = await app.StartAsync(user);

        var again = await app.StartAsync(user, $"ref_{customer.Profile.InviteCode}");
        await Accrual.ApplyAsync(Purchase(again, 1_000m), default);

        Assert.Null(again.Profile.ReferredBy);
        Assert.Empty(await ReferralEntriesAsync(customer.CustomerId));
    }

    [Fact]
    public async Task TwoCustomersWhoInvitedEachOtherGetNothingForEachOthersPurchases()
    {
        var (referrer, friend) = await InvitedAsync();
        // As after an erasure and a start by the friend's link: each is the other's referrer.
        await Ledger.UpdateProfileAsync(referrer.CustomerId, p => p with { ReferredBy = friend.CustomerId, ReferredAt = DateTimeOffset.UtcNow }, default);

        await Accrual.ApplyAsync(Purchase(friend, 1_000m), default);
        await Accrual.ApplyAsync(Purchase(referrer, 1_000m), default);

        Assert.Empty(await ReferralEntriesAsync(referrer.CustomerId));
        Assert.Empty(await ReferralEntriesAsync(friend.CustomerId));
    }

    [Fact]
    public async Task ASecondAccountOfTheReferrerThatTriesToBindTheirPhoneIsNeverRewarded()
    {
        var referrerUser = TelegramUser.NewRandom("Olga", "ru");
        var referrer = await app.StartAsync(referrerUser);
        var phone = MerchantClient.NewPhone();
        await app.SendAsync(referrerUser.Contact(phone.TrimStart('+')));
        var secondUser = TelegramUser.NewRandom("Olga2", "ru");
        var second = await app.StartAsync(secondUser, $"ref_{referrer.Profile.InviteCode}");
        Assert.Equal(referrer.CustomerId, second.Profile.ReferredBy);

        await app.SendAsync(secondUser.Contact(phone.TrimStart('+')));
        await Accrual.ApplyAsync(Purchase(second, 1_000m), default);

        Assert.True((await app.AccountAsync(secondUser)).Profile.ReferralRevoked);
        Assert.Empty(await ReferralEntriesAsync(referrer.CustomerId));
        Assert.Empty(await ReferralEntriesAsync(second.CustomerId));
    }

    [Fact]
    public async Task ErasingTheAccountAndStartingAgainByTheLinkIsNoNewFriend()
    {
        var (referrer, friend) = await InvitedAsync();
        var friendUser = new TelegramUser(friend.Profile.TelegramUserId!.Value, "Pavel", "ru");
        await Accrual.ApplyAsync(Purchase(friend, 1_000m), default);
        await app.SendAsync(friendUser.Text("/deletedata"));
        await app.SendAsync(friendUser.Callback(app.Telegram.LastReply(friendUser).Buttons()[0]["callback_data"]!.GetValue<string>()));

        var again = await app.StartAsync(friendUser, $"ref_{referrer.Profile.InviteCode}");
        await Accrual.ApplyAsync(Purchase(again, 1_000m), default);

        Assert.NotEqual(friend.CustomerId, again.CustomerId);
        Assert.Null(again.Profile.ReferredBy);
        Assert.Single(await ReferralEntriesAsync(referrer.CustomerId));
    }

    [Fact]
    public async Task AReturnedQualifyingPurchaseTakesBothBonusesBackOnceAsADebtWhenSpentAndALateReturnKeepsThem()
    {
        var (referrer, friend) = await InvitedAsync();
        var till = await MerchantClient.CreateAsync(app, "Bakery");
        var purchaseId = await PostPurchaseAsync(till, friend, DateTimeOffset.UtcNow.AddMinutes(-5));
        await FunctionsHarness.EventuallyAsync(async () => (await ReferralEntriesAsync(referrer.CustomerId)).Count == 1, "the referrer is rewarded");
        // The referrer spends most of it at once: welcome 100 + 200, less 250.
        Assert.True((await Ledger.RedeemAsync(referrer.CustomerId, OperationKey.Of("test", MerchantClient.NewId("rd")), null, 250, Domain.Money.Money.Of(1_000m, Domain.Money.Currency.Rub),
            ProgramRules.Default with { RedemptionCapPercent = 100m }, default)).IsSuccess);

        var refund = new { refundId = MerchantClient.NewId("r"), purchaseId, amount = 1_000m };
        using var refunded = await till.PostAsync("refunds", refund);
        using var again = await till.PostAsync("refunds", refund);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (refunded.StatusCode, again.StatusCode));
        await FunctionsHarness.EventuallyAsync(async () => (await ReferralEntriesAsync(referrer.CustomerId)).Count == 2, "the referrer's reward is taken back");
        await FunctionsHarness.EventuallyAsync(async () => (await ReferralEntriesAsync(friend.CustomerId)).Count == 2, "the friend's bonus is taken back");
        Assert.Equal([-200L, 200L], (await ReferralEntriesAsync(referrer.CustomerId)).Select(e => e.Delta));
        Assert.Equal([-100L, 100L], (await ReferralEntriesAsync(friend.CustomerId)).Select(e => e.Delta));
        var account = (await Ledger.GetAccountAsync(referrer.CustomerId, default))!;
        Assert.Equal((-150L, 150L), (account.Balance, account.Debt));
        await app.AssertBalancedAsync(referrer.CustomerId);
        await app.AssertBalancedAsync(friend.CustomerId);
        Assert.Equal(new ReferralCounters(1, 0, 0), (await app.Services.GetRequiredService<ReferralStore>().GetAsync(referrer.CustomerId, default)) with { Months = null });
        await app.Telegram.WaitForAsync(c => c.ChatId == referrer.Profile.ChatId && c.Text?.Contains("Покупка вашего друга возвращена: 200 баллов за приглашение списаны.", StringComparison.Ordinal) == true);

        // A purchase returned after the return window keeps its bonuses.
        var (lateReferrer, lateFriend) = await InvitedAsync();
        var latePurchase = await PostPurchaseAsync(till, lateFriend, DateTimeOffset.UtcNow.AddDays(-ProgramRules.Default.ReferralReturnDays - 1));
        await FunctionsHarness.EventuallyAsync(async () => (await ReferralEntriesAsync(lateReferrer.CustomerId)).Count == 1, "the late referrer is rewarded");
        using var late = await till.PostAsync("refunds", new { refundId = MerchantClient.NewId("r"), purchaseId = latePurchase, amount = 1_000m });
        await FunctionsHarness.EventuallyAsync(async () => (await app.LedgerAsync(lateFriend.CustomerId)).Any(e => e.Kind == LedgerEntryKind.Refund), "the late refund");
        Assert.Equal([200L], (await ReferralEntriesAsync(lateReferrer.CustomerId)).Select(e => e.Delta));
    }

    [Fact]
    public async Task TheReferrersRewardsStopAtTheMonthlyCapWhileTheFriendsStillGetTheirs()
    {
        var program = app.Services.GetRequiredService<ProgramStore>();
        Assert.Empty(await program.SaveAsync(ProgramRules.Default with { ReferralMonthlyCap = 2 }, default));
        try
        {
            var referrer = await app.StartAsync(TelegramUser.NewRandom("Olga", "ru"));
            var friends = new List<CustomerAccount>();
            for (var i = 0; i < 3; i++)
            {
                friends.Add(await app.StartAsync(TelegramUser.NewRandom($"Friend{i}", "ru"), $"ref_{referrer.Profile.InviteCode}"));
            }

            foreach (var friend in friends)
            {
                await Accrual.ApplyAsync(Purchase(friend, 1_000m), default);
            }

            Assert.Equal(2, (await ReferralEntriesAsync(referrer.CustomerId)).Count);
            Assert.All(friends, f => Assert.Single(ReferralEntriesAsync(f.CustomerId).Result));
            var month = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddMinutes(-1), ProgramRules.Default.Zone).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            Assert.Equal(2, (await app.Services.GetRequiredService<ReferralStore>().GetAsync(referrer.CustomerId, default)).RewardedIn(month));
        }
        finally
        {
            Assert.Empty(await program.SaveAsync(ProgramRules.Default, default));
        }
    }

    private static PurchaseMessage Purchase(CustomerAccount customer, decimal amount) =>
        new("m1", Guid.NewGuid().ToString("N"), null, null, customer.Profile.TelegramUserId, amount, "RUB", DateTimeOffset.UtcNow.AddMinutes(-1), [], 0);

    /// <summary>A purchase of 1 000 ₽ by the customer's card through the signed webhook; its id.</summary>
    private static async Task<string> PostPurchaseAsync(MerchantClient till, CustomerAccount customer, DateTimeOffset occurredAt)
    {
        var purchaseId = MerchantClient.NewId("p");
        using var response = await till.PostAsync("purchases", new Dictionary<string, object?>
        {
            ["purchaseId"] = purchaseId,
            ["cardNumber"] = customer.Profile.CardNumber,
            ["amount"] = 1_000m,
            ["currency"] = "RUB",
            ["occurredAt"] = occurredAt.ToString("O", CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return purchaseId;
    }

    /// <summary>The customer's referral bonuses and their take-backs, newest first.</summary>
    private async Task<IReadOnlyList<LedgerEntry>> ReferralEntriesAsync(string customerId) =>
        [.. (await app.LedgerAsync(customerId)).Where(e => e.Note is ReferralReasons.Referrer or ReferralReasons.Friend or ReferralReasons.Revoked)];

    private async Task<(CustomerAccount Referrer, CustomerAccount Friend)> InvitedAsync()
    {
        var referrer = await app.StartAsync(TelegramUser.NewRandom("Olga", "ru"));
        var friend = await app.StartAsync(TelegramUser.NewRandom("Pavel", "ru"), $"ref_{referrer.Profile.InviteCode}");
        Assert.Equal(referrer.CustomerId, friend.Profile.ReferredBy);
        Assert.NotNull(friend.Profile.ReferredAt);
        return (referrer, friend);
    }
}
