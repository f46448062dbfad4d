using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Earning;

public class EarnRateTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default;

    [Theory]
    [InlineData("Bronze", 30)]
    [InlineData("Silver", 50)]
    [InlineData("Gold", 100)]
    public void EachTierEarnsItsRateOfTheCheck(string tier, long points)
    {
        var quote = Quote(new PurchaseBuilder().Amount(1_000m), tier);

        Assert.Equal(points, quote.Points);
        Assert.Equal(tier, quote.Tier);
    }

    [Theory]
    [InlineData("Bronze", 29)] // 29.9997
    [InlineData("Silver", 49)] // 49.9995
    [InlineData("Gold", 99)] // 99.999
    public void PointsRoundDown(string tier, long points)
    {
        Assert.Equal(points, Quote(new PurchaseBuilder().Amount(999.99m), tier).Points);
    }

    [Fact]
    public void ACheckTooSmallToEarnAPointEarnsNone()
    {
        Assert.Equal(0, Quote(new PurchaseBuilder().Amount(33.33m), "Bronze").Points);
    }

    [Fact]
    public void RoundsDownOnceForTheWholeCheckNotPerLine()
    {
        // Each line earns 1.5 points; rounding per line would give 3, rounding once gives floor(4.5) = 4.
        var purchase = new PurchaseBuilder().Amount(150m).Item("bread", 50m).Item("milk", 50m).Item("eggs", 50m);

        Assert.Equal(4, Quote(purchase, "Bronze").Points);
    }

    [Fact]
    public void ItemsThatSplitThePaidAmountIntoThirdsLoseNoPoint()
    {
        // 100 RUB over three equal lines: each share is 33.333…; together they are still 5% of 100.
        var purchase = new PurchaseBuilder().Amount(100m).Item(null, 1m).Item(null, 1m).Item(null, 1m);

        Assert.Equal(5, Quote(purchase, "Silver").Points);
    }

    [Fact]
    public void UnequalItemSharesLoseNoPointEither()
    {
        // Shares of 66.66… and 133.33… of 200 RUB; 3% of 200 is 6.
        var purchase = new PurchaseBuilder().Amount(200m).Item("bread", 100m).Item("milk", 200m);

        Assert.Equal(6, Quote(purchase, "Bronze").Points);
    }

    [Fact]
    public void PointsThatPaidPartOfTheCheckEarnNothing()
    {
        var quote = Quote(new PurchaseBuilder().Amount(1_000m).PartlyPaidWithPoints(300), "Bronze");

        Assert.Equal(21, quote.Points); // 3% of the 700 paid in money
    }

    [Fact]
    public void ACheckPaidEntirelyWithPointsEarnsNothing()
    {
        Assert.Equal(0, Quote(new PurchaseBuilder().Amount(500m).PartlyPaidWithPoints(500), "Gold").Points);
    }

    [Fact]
    public void ItemSharesFollowThePaidAmountWhenPointsPaidPartOfTheCheck()
    {
        var rules = Rules with { CategoryMultipliers = new Dictionary<string, decimal> { ["coffee"] = 2m } };
        var purchase = new PurchaseBuilder().Under(rules).Amount(1_000m).PartlyPaidWithPoints(200).Item("coffee", 300m).Item("bakery", 700m);

        // Paid 800: coffee's share 240 earns 3% × 2 = 14.4, bakery's 560 earns 16.8; 31.2 rounds to 31.
        Assert.Equal(31, EarnCalculator.Quote(purchase.Build(), rules.TierNamed("Bronze"), rules, []).Points);
    }

    private static EarnQuote Quote(PurchaseBuilder purchase, string tier) =>
        EarnCalculator.Quote(purchase.Build(), Rules.TierNamed(tier), Rules, []);
}
