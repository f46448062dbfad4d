using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Domain.Tests.Rules;

public class ProgramRulesTierTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default;

    [Theory]
    [InlineData(0, "Bronze")]
    [InlineData(14_999.99, "Bronze")]
    [InlineData(15_000, "Silver")]
    [InlineData(49_999.99, "Silver")]
    [InlineData(50_000, "Gold")]
    [InlineData(2_000_000, "Gold")]
    public void TheTierIsTheHighestWhoseThresholdTheSpendReaches(double spend, string tier)
    {
        Assert.Equal(tier, Rules.TierFor((decimal)spend).Name);
    }

    [Fact]
    public void TiersAreFoundByNameInAnyCaseAndUnknownNamesFallBackToTheFirst()
    {
        Assert.Equal("Gold", Rules.TierNamed("gold").Name);
        Assert.Equal("Bronze", Rules.TierNamed("Platinum").Name);
        Assert.Equal("Bronze", Rules.TierNamed(null).Name);
    }

    [Fact]
    public void TheNextTierIsTheOneJustAbove()
    {
        Assert.Equal("Silver", Rules.NextTier(Rules.TierNamed("Bronze"))?.Name);
        Assert.Equal("Gold", Rules.NextTier(Rules.TierNamed("Silver"))?.Name);
        Assert.Null(Rules.NextTier(Rules.TierNamed("Gold")));
    }

    [Fact]
    public void TiersNeedNotBeListedInOrder()
    {
        var rules = Rules with { Tiers = [new("Gold", 50_000m, 10m), new("Bronze", 0m, 3m), new("Silver", 15_000m, 5m)] };

        Assert.Equal("Silver", rules.TierFor(20_000m).Name);
        Assert.Equal("Gold", rules.NextTier(rules.TierNamed("Silver"))?.Name);
    }
}
