using CsCheck;
using LoyaltyBot.Domain.Ledger;

namespace LoyaltyBot.Domain.Tests.Earning;

public class RefundClawbackTests
{
    private static PurchaseRecord Purchase(decimal paid, long earned) =>
        new("m-1", "p-1", paid, "RUB", earned, 0m, 0, null, DateTimeOffset.UnixEpoch);

    [Fact]
    public void AFullRefundTakesBackEverythingEarned()
    {
        Assert.Equal(31, Purchase(1_000m, 31).ClawbackFor(1_000m));
    }

    [Fact]
    public void APartialRefundLeavesWhatTheUnrefundedPartWouldEarnRoundedDown()
    {
        // 31 points for 1 000; 500 stays paid, which is worth 15.5, so the customer keeps 15 and 16 go back.
        Assert.Equal(16, Purchase(1_000m, 31).ClawbackFor(500m));
    }

    [Fact]
    public void ARefundAfterAnEarlierOneCountsOnTheRunningTotal()
    {
        var afterFirst = Purchase(1_000m, 31) with { Refunded = 500m, ClawedBack = 16 };

        Assert.Equal(15, afterFirst.ClawbackFor(500m));
        Assert.Equal(500m, afterFirst.Refundable);
    }

    [Fact]
    public void APurchaseThatEarnedNothingHasNothingToClawBack()
    {
        Assert.Equal(0, Purchase(1_000m, 0).ClawbackFor(400m));
    }

    [Fact]
    public void PartialRefundsAlwaysAddUpToExactlyWhatWasEarned()
    {
        var paidKopecks = Gen.Long[1, 100_000_000];
        Gen.Select(paidKopecks, Gen.Long[0, 100_000], Gen.Int[1, 1_000].Array[1, 12])
            .Sample((kopecks, earned, weights) =>
            {
                var purchase = Purchase(kopecks / 100m, earned);
                var parts = Split(kopecks, weights);

                foreach (var part in parts)
                {
                    var clawback = purchase.ClawbackFor(part / 100m);
                    Assert.InRange(clawback, 0, earned - purchase.ClawedBack);
                    purchase = purchase with { Refunded = purchase.Refunded + (part / 100m), ClawedBack = purchase.ClawedBack + clawback };
                }

                Assert.Equal(0m, purchase.Refundable);
                Assert.Equal(earned, purchase.ClawedBack);
            }, iter: 5_000);
    }

    /// <summary>Whole kopecks in proportion to the weights, the last part taking what rounding left; zero parts dropped.</summary>
    private static List<long> Split(long total, int[] weights)
    {
        var sum = weights.Sum();
        var parts = weights.Select(w => total * w / sum).ToList();
        parts[^1] += total - parts.Sum();
        return parts.Where(p => p > 0).ToList();
    }
}
