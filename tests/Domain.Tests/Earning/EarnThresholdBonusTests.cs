using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Earning;

public class EarnThresholdBonusTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default with
    {
        ThresholdBonuses = [new(5_000m, 100), new(10_000m, 300)],
    };

    [Fact]
    public void ACheckBelowEveryThresholdEarnsNoBonus()
    {
        var quote = Quote(4_999.99m);

        Assert.Equal(0, quote.ThresholdBonus);
        Assert.Equal(149, quote.Points);
    }

    [Fact]
    public void ACheckOfExactlyTheThresholdEarnsItsBonus()
    {
        var quote = Quote(5_000m);

        Assert.Equal(100, quote.ThresholdBonus);
        Assert.Equal(150, quote.BasePoints);
        Assert.Equal(250, quote.Points);
    }

    [Fact]
    public void OnlyTheHighestThresholdReachedPays()
    {
        var quote = Quote(12_000m);

        Assert.Equal(300, quote.ThresholdBonus);
        Assert.Equal(360 + 300, quote.Points);
    }

    [Fact]
    public void TheHighestThresholdPaysEvenWhenALowerOneWasSetToPayMore()
    {
        var rules = ProgramRules.Default with { ThresholdBonuses = [new(5_000m, 500), new(10_000m, 300)] };

        var quote = EarnCalculator.Quote(new PurchaseBuilder().Under(rules).Amount(12_000m).Build(), rules.TierNamed("Bronze"), rules, []);

        Assert.Equal(300, quote.ThresholdBonus);
    }

    [Fact]
    public void AProgramWithoutThresholdsPaysNoBonus()
    {
        var quote = EarnCalculator.Quote(new PurchaseBuilder().Amount(100_000m).Build(), ProgramRules.Default.Tiers[0], ProgramRules.Default, []);

        Assert.Equal(0, quote.ThresholdBonus);
        Assert.Equal(quote.BasePoints, quote.Points);
    }

    private static EarnQuote Quote(decimal amount) =>
        EarnCalculator.Quote(new PurchaseBuilder().Under(Rules).Amount(amount).Build(), Rules.TierNamed("Bronze"), Rules, []);
}
