using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Kpis;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Kpis;

/// <summary>A tier the monthly review lowers moves its member in the tier distribution, once however often the review runs.</summary>
public sealed class KpiTierReviewTests(StorageOfItsOwn storage) : IClassFixture<StorageOfItsOwn>
{
    [Fact]
    public async Task AMemberWhoseTierTheReviewLowersMovesToTheLowerTierOnce()
    {
        var h = await LedgerHarness.StartAsync(storage: storage.Account);
        var customer = await h.RegisterAsync();
        var second = h.Rules.Tiers.OrderBy(t => t.MinSpend).Skip(1).First();
        await h.EarnAsync(customer, second.MinSpend);
        Assert.Equal(1, (await h.TodaysKpisAsync()).TierDistribution[second.Name]);

        // Past the window and the grace, the spend no longer holds the tier at the next review.
        h.Time.Advance(TimeSpan.FromDays(h.Rules.TierWindowDays + h.Rules.TierGraceDays + 31));
        var review = TierReviewCalendar.LatestAt(h.Time.GetUtcNow(), h.Rules.Zone);
        var lowered = await h.Ledger.ReviewTierAsync(customer, review, h.Rules, CancellationToken.None);
        var again = await h.Ledger.ReviewTierAsync(customer, review, h.Rules, CancellationToken.None);

        var report = await h.TodaysKpisAsync();
        Assert.NotNull(lowered);
        Assert.Null(again);
        Assert.Equal(0, report.TierDistribution.GetValueOrDefault(second.Name));
        Assert.Equal(1, report.TierDistribution[lowered.Name]);
    }
}
