using CsCheck;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Earning;

public class EarnPropertyTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default;

    private static readonly Gen<decimal> Kopecks = Gen.Long[1, 10_000_000].Select(k => k / 100m);

    [Fact]
    public void SplittingACheckIntoLinesOfOneMultiplierNeverChangesThePoints()
    {
        Gen.Select(Kopecks, Gen.Long[0, 100], Kopecks.Array[1, 8], Gen.Int[0, 2])
            .Sample((amount, redeemedPercent, prices, tierIndex) =>
            {
                var redeemed = (long)(amount * redeemedPercent / 100m);
                var tier = Rules.Tiers[tierIndex];
                var whole = new PurchaseBuilder().Amount(amount).PartlyPaidWithPoints(redeemed);
                var split = new PurchaseBuilder().Amount(amount).PartlyPaidWithPoints(redeemed);
                foreach (var price in prices)
                {
                    split.Item("same", price);
                }

                Assert.Equal(
                    EarnCalculator.Quote(whole.Build(), tier, Rules, []).Points,
                    EarnCalculator.Quote(split.Build(), tier, Rules, []).Points);
            }, iter: 5_000);
    }

    [Fact]
    public void PointsNeverExceedTheRateOfWhatWasPaidTimesTheBestMultiplier()
    {
        var rules = Rules with { CategoryMultipliers = new Dictionary<string, decimal> { ["a"] = 2m, ["b"] = 0.5m } };
        var category = Gen.OneOf("a", "b", "c");
        Gen.Select(Kopecks, Gen.Select(category, Kopecks).Array[1, 6])
            .Sample((amount, lines) =>
            {
                var purchase = new PurchaseBuilder().Under(rules).Amount(amount);
                foreach (var (name, price) in lines)
                {
                    purchase.Item(name, price);
                }

                var quote = EarnCalculator.Quote(purchase.Build(), rules.TierNamed("Gold"), rules, []);

                Assert.InRange(quote.Points, (long)decimal.Floor(amount * 0.10m * 0.5m), (long)decimal.Floor(amount * 0.10m * 2m));
            }, iter: 2_000);
    }
}
