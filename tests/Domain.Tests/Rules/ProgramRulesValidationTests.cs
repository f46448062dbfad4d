using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Domain.Tests.Rules;

public class ProgramRulesValidationTests
{
    private static readonly ProgramRules Valid = ProgramRules.Default;

    // One broken document per field, each wrong in that field only.
    private static readonly Dictionary<string, ProgramRules> BrokenAt = new(StringComparer.Ordinal)
    {
        ["currency"] = Valid with { Currency = "XYZ" },
        ["timeZone"] = Valid with { TimeZone = "Mars/Olympus_Mons" },
        ["tiers[1].name"] = Valid with { Tiers = [new("Bronze", 0m, 3m), new(" ", 15_000m, 5m)] },
        ["tiers[1].minSpend"] = Valid with { Tiers = [new("Bronze", 0m, 3m), new("Silver", -1m, 5m)] },
        ["tiers[0].ratePercent"] = Valid with { Tiers = [new("Bronze", 0m, -1m)] },
        ["tiers[0].names.de"] = Valid with { Tiers = [new("Bronze", 0m, 3m, Names: new Dictionary<string, string> { ["de"] = "Bronze" })] },
        ["tiers[1].names.ru"] = Valid with { Tiers = [new("Bronze", 0m, 3m), new("Silver", 15_000m, 5m, Names: new Dictionary<string, string> { ["ru"] = " " })] },
        ["tiers[2].ratePercent"] = Valid with { Tiers = [new("Bronze", 0m, 3m), new("Silver", 15_000m, 5m), new("Gold", 50_000m, 100.5m)] },
        ["tierWindowDays"] = Valid with { TierWindowDays = 0 },
        ["expiryDays"] = Valid with { ExpiryDays = 3_661 },
        ["bonusExpiryDays"] = Valid with { BonusExpiryDays = 0 },
        ["pendingDays"] = Valid with { PendingDays = -1 },
        ["redemptionCapPercent"] = Valid with { RedemptionCapPercent = 100.01m },
        ["maxAmount"] = Valid with { MaxAmount = 0m },
        ["categoryMultipliers.coffee"] = Valid with { CategoryMultipliers = new Dictionary<string, decimal> { ["coffee"] = 0m } },
        ["thresholdBonuses[1].minAmount"] = Valid with { ThresholdBonuses = [new(1_000m, 50), new(0m, 10)] },
        ["thresholdBonuses[0].points"] = Valid with { ThresholdBonuses = [new(1_000m, 0)] },
        ["welcomeBonus"] = Valid with { WelcomeBonus = -1 },
        ["referrerBonus"] = Valid with { ReferrerBonus = -1 },
        ["referredFriendBonus"] = Valid with { ReferredFriendBonus = -1 },
        ["birthdayBonus"] = Valid with { BirthdayBonus = -1 },
        ["birthdayBonusExpiryDays"] = Valid with { BirthdayBonusExpiryDays = 0 },
        ["reviewBonus"] = Valid with { ReviewBonus = -1 },
        ["expiryWarningDays"] = Valid with { ExpiryWarningDays = -1, ExpiryLastChanceDays = 0 },
        ["expiryLastChanceDays"] = Valid with { ExpiryWarningDays = 3, ExpiryLastChanceDays = 3 },
        ["inactivityExpiryDays"] = Valid with { InactivityExpiryDays = -1 },
        ["tierDowngrade"] = Valid with { TierDowngrade = (TierDowngradeMode)7 },
        ["tierGraceDays"] = Valid with { TierGraceDays = -1 },
        ["tierWarningDays"] = Valid with { TierWarningDays = 28 },
        ["fixedCostPerMonth"] = Valid with { FixedCostPerMonth = -0.01m },
        ["baselineRevenuePerMonth"] = Valid with { BaselineRevenuePerMonth = -1m },
    };

    [Fact]
    public void TheDefaultsAreValid()
    {
        Assert.Empty(ProgramRules.Default.Validate());
    }

    [Fact]
    public void ALastChanceAloneOrNoReminderAtAllIsValid()
    {
        Assert.Empty((Valid with { ExpiryWarningDays = 0, ExpiryLastChanceDays = 2 }).Validate());
        Assert.Empty((Valid with { ExpiryWarningDays = 0, ExpiryLastChanceDays = 0 }).Validate());
    }

    [Theory]
    [InlineData("rub")]
    [InlineData(" RUB")]
    public void TheCurrencyMustBeWrittenExactlyAsItsCode(string currency)
    {
        var problems = (Valid with { Currency = currency }).Validate();

        Assert.Equal(["currency"], problems.Select(p => p.Field));
    }

    [Fact]
    public void TheDefaultsAreTheIssuesProgram()
    {
        var rules = ProgramRules.Default;

        Assert.Equal(["Bronze", "Silver", "Gold"], rules.Tiers.Select(t => t.Name));
        Assert.Equal([0m, 15_000m, 50_000m], rules.Tiers.Select(t => t.MinSpend));
        Assert.Equal([3m, 5m, 10m], rules.Tiers.Select(t => t.RatePercent));
        Assert.Equal(365, rules.ExpiryDays);
        Assert.Equal(365, rules.TierWindowDays);
        Assert.Equal(30m, rules.RedemptionCapPercent);
        Assert.Equal(("Серебряный", "Silver"), (rules.TierNamed("silver").NameIn("ru"), rules.TierNamed("silver").NameIn("en")));
        Assert.True(rules.BonusExpiryDays < rules.ExpiryDays);
        Assert.Equal("RUB", rules.ProgramCurrency.Code);
    }

    [Theory]
    [InlineData("currency")]
    [InlineData("timeZone")]
    [InlineData("tiers[1].name")]
    [InlineData("tiers[1].minSpend")]
    [InlineData("tiers[0].ratePercent")]
    [InlineData("tiers[0].names.de")]
    [InlineData("tiers[1].names.ru")]
    [InlineData("tiers[2].ratePercent")]
    [InlineData("tierWindowDays")]
    [InlineData("expiryDays")]
    [InlineData("bonusExpiryDays")]
    [InlineData("pendingDays")]
    [InlineData("redemptionCapPercent")]
    [InlineData("maxAmount")]
    [InlineData("categoryMultipliers.coffee")]
    [InlineData("thresholdBonuses[1].minAmount")]
    [InlineData("thresholdBonuses[0].points")]
    [InlineData("welcomeBonus")]
    [InlineData("referrerBonus")]
    [InlineData("referredFriendBonus")]
    [InlineData("birthdayBonus")]
    [InlineData("birthdayBonusExpiryDays")]
    [InlineData("reviewBonus")]
    [InlineData("expiryWarningDays")]
    [InlineData("expiryLastChanceDays")]
    [InlineData("inactivityExpiryDays")]
    [InlineData("tierDowngrade")]
    [InlineData("tierGraceDays")]
    [InlineData("tierWarningDays")]
    [InlineData("fixedCostPerMonth")]
    [InlineData("baselineRevenuePerMonth")]
    public void NamesTheOneFieldThatIsWrong(string field)
    {
        var error = Assert.Single(BrokenAt[field].Validate());

        Assert.Equal(field, error.Field);
        Assert.Equal(LoyaltyErrorCode.InvalidRules, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void RejectsAProgramWithoutTiers()
    {
        Assert.Equal("tiers", Assert.Single((Valid with { Tiers = [] }).Validate()).Field);
    }

    [Fact]
    public void RejectsTiersNoneOfWhichStartsAtZero()
    {
        var error = Assert.Single((Valid with { Tiers = [new("Silver", 15_000m, 5m)] }).Validate());

        Assert.Equal("tiers", error.Field);
        Assert.Contains("0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsTierNamesThatDifferOnlyInCase()
    {
        var error = Assert.Single((Valid with { Tiers = [new("Bronze", 0m, 3m), new("bronze ", 15_000m, 5m)] }).Validate());

        Assert.Equal("tiers", error.Field);
    }

    [Fact]
    public void RejectsPendingDaysThatReachTheExpiry()
    {
        var error = Assert.Single((Valid with { PendingDays = 30, ExpiryDays = 30 }).Validate());

        Assert.Equal("pendingDays", error.Field);
        Assert.Empty((Valid with { PendingDays = 29, ExpiryDays = 30 }).Validate());
    }

    [Fact]
    public void ReportsEveryProblemAtOnce()
    {
        var rules = Valid with { Currency = "XYZ", ExpiryDays = 0, MaxAmount = -1m, WelcomeBonus = -5 };

        var fields = rules.Validate().Select(e => e.Field).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(["currency", "expiryDays", "maxAmount", "welcomeBonus"], StringComparer.Ordinal), fields);
    }

    [Fact]
    public void AcceptsTheEdgesOfEachRange()
    {
        var rules = Valid with
        {
            Tiers = [new("Only", 0m, 100m)],
            TierWindowDays = 3_660,
            ExpiryDays = 1,
            BonusExpiryDays = 3_660,
            BirthdayBonusExpiryDays = 1,
            PendingDays = 0,
            RedemptionCapPercent = 0m,
            CategoryMultipliers = new Dictionary<string, decimal> { ["coffee"] = 100m },
            WelcomeBonus = 0,
        };

        Assert.Empty(rules.Validate());
    }
}
