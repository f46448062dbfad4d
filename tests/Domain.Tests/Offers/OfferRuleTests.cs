using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Offers;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Offers;

public class OfferRuleTests
{
    private static readonly DateTimeOffset Now = Moment.T0;
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private static readonly TimeZoneInfo Vladivostok = TimeZoneInfo.FindSystemTimeZoneById("Asia/Vladivostok");

    private static readonly OfferRule Accessories = new("acc", "Accessories ×2", OfferTrigger.Category, 2m, 7, Now, Categories: ["accessories"], BoughtCategories: ["headphones"]);

    private static readonly OfferFacts Bronze = new("Bronze", null, null, null);

    [Fact]
    public void APurchaseWithATriggerCategoryIsAnOccasionKeyedByThePurchase()
    {
        var facts = Bronze with { Purchase = new BoughtLines("m1-p1", ["Headphones", "cables"]) };

        Assert.Equal("purchase-m1-p1", Accessories.OccasionFor(facts, Now, Moscow));
        Assert.Null(Accessories.OccasionFor(Bronze with { Purchase = new BoughtLines("m1-p2", ["coffee"]) }, Now, Moscow));
        Assert.Null(Accessories.OccasionFor(Bronze, Now, Moscow));
    }

    [Fact]
    public void AnEndedRuleFindsNoOneDue()
    {
        var facts = Bronze with { Purchase = new BoughtLines("m1-p1", ["headphones"]) };

        Assert.Null(Accessories.EndAt(Now).OccasionFor(facts, Now, Moscow));
        Assert.NotNull(Accessories.EndAt(Now.AddTicks(1)).OccasionFor(facts, Now, Moscow));
    }

    [Fact]
    public void ATierRuleFindsTheCustomersAtItsTiers()
    {
        var gold = Accessories with { Trigger = OfferTrigger.Tier, Tiers = ["Gold"] };

        Assert.Equal("tier-gold", gold.OccasionFor(Bronze with { Tier = "GOLD" }, Now, Moscow));
        Assert.Null(gold.OccasionFor(Bronze, Now, Moscow));
    }

    [Theory]
    [InlineData(3, 1, 0, "birthday-2025")]
    [InlineData(3, 4, 3, "birthday-2025")]
    [InlineData(3, 5, 3, null)]
    [InlineData(2, 28, 3, null)]
    [InlineData(1, 2, 0, null)]
    public void ABirthdayRuleFindsTheBirthdaysWithinItsLead(int month, int day, int lead, string? occasion)
    {
        var birthday = Accessories with { Trigger = OfferTrigger.Birthday, DaysBeforeBirthday = lead };

        Assert.Equal(occasion, birthday.OccasionFor(Bronze with { BirthMonth = month, BirthDay = day }, Now, Moscow));
    }

    [Fact]
    public void TheBirthdayLeadCountsDaysInTheProgramsZoneAndCrossesNewYear()
    {
        var birthday = Accessories with { Trigger = OfferTrigger.Birthday, DaysBeforeBirthday = 1 };
        var newYearsEve = new DateTimeOffset(2025, 12, 31, 14, 30, 0, TimeSpan.Zero);
        var bornJanuary2 = Bronze with { BirthMonth = 1, BirthDay = 2 };

        // 14:30 UTC on 31 December is still the 31st in Moscow, but already 1 January in Vladivostok.
        Assert.Null(birthday.OccasionFor(bornJanuary2, newYearsEve, Moscow));
        Assert.Equal("birthday-2026", birthday.OccasionFor(bornJanuary2, newYearsEve, Vladivostok));
    }

    [Fact]
    public void A29FebruaryBirthdayIsDueOn28FebruaryOfOtherYears()
    {
        var birthday = Accessories with { Trigger = OfferTrigger.Birthday, DaysBeforeBirthday = 0 };
        var leapling = Bronze with { BirthMonth = 2, BirthDay = 29 };

        Assert.Equal("birthday-2027", birthday.OccasionFor(leapling, new DateTimeOffset(2027, 2, 28, 12, 0, 0, TimeSpan.FromHours(3)), Moscow));
        Assert.Null(birthday.OccasionFor(leapling, new DateTimeOffset(2028, 2, 28, 12, 0, 0, TimeSpan.FromHours(3)), Moscow));
        Assert.Equal("birthday-2028", birthday.OccasionFor(leapling, new DateTimeOffset(2028, 2, 29, 12, 0, 0, TimeSpan.FromHours(3)), Moscow));
    }

    [Fact]
    public void AWinBackRuleFindsThoseIdleForItsDaysOncePerLastPurchase()
    {
        var winBack = Accessories with { Trigger = OfferTrigger.WinBack, InactiveDays = 30 };
        var today = new DateOnly(2025, 3, 1);

        Assert.Equal("after-20250130", winBack.OccasionFor(Bronze with { LastPurchaseDay = today.AddDays(-30) }, Now, Moscow));
        Assert.Null(winBack.OccasionFor(Bronze with { LastPurchaseDay = today.AddDays(-29) }, Now, Moscow));
        Assert.Null(winBack.OccasionFor(Bronze, Now, Moscow));
    }

    [Fact]
    public void TheOfferLastsTheRulesDaysFromItsGrantOnItsCategories()
    {
        var offer = Accessories.OfferOn("purchase-m1-p1", Now);

        Assert.Equal("acc-purchase-m1-p1", offer.Id);
        Assert.True(offer.IsValidAt(Now));
        Assert.True(offer.IsValidAt(Now.AddDays(7).AddTicks(-1)));
        Assert.False(offer.IsValidAt(Now.AddDays(7)));
        Assert.Equal(["accessories"], offer.AsCampaign().Categories);
    }

    [Fact]
    public void AnOfferDoublesThePointsOfItsCategoryOnlyWhileValid()
    {
        var offer = Accessories.OfferOn("purchase-m1-p1", Now).AsCampaign();
        var tier = ProgramRules.Default.Tiers[0];
        Purchase Check(DateTimeOffset at) => new PurchaseBuilder().Amount(2_000m).At(at).Item("accessories", 1_000m).Item("coffee", 1_000m).Build();

        var within = EarnCalculator.Quote(Check(Now.AddDays(1)), tier, ProgramRules.Default, [offer]);
        var after = EarnCalculator.Quote(Check(Now.AddDays(8)), tier, ProgramRules.Default, [offer]);

        Assert.Equal(after.Points * 3 / 2, within.Points);
        Assert.Equal([offer.Id], within.CampaignIds);
        Assert.Empty(after.CampaignIds);
    }

    public static TheoryData<string, OfferRule> BrokenAt => new()
    {
        { "name", Accessories with { Name = " " } },
        { "multiplier", Accessories with { Multiplier = 1m } },
        { "validDays", Accessories with { ValidDays = 0 } },
        { "validDays", Accessories with { ValidDays = OfferRule.MaxValidDays + 1 } },
        { "categories[0]", Accessories with { Categories = [""] } },
        { "boughtCategories", Accessories with { BoughtCategories = null } },
        { "tiers", Accessories with { Trigger = OfferTrigger.Tier } },
        { "tiers[1]", Accessories with { Trigger = OfferTrigger.Tier, Tiers = ["Bronze", "Platinum"] } },
        { "daysBeforeBirthday", Accessories with { Trigger = OfferTrigger.Birthday, DaysBeforeBirthday = OfferRule.MaxDaysBeforeBirthday + 1 } },
        { "inactiveDays", Accessories with { Trigger = OfferTrigger.WinBack } },
    };

    [Theory]
    [MemberData(nameof(BrokenAt))]
    public void ABrokenRuleIsRefusedNamingTheField(string field, OfferRule rule)
    {
        var problems = rule.Validate(ProgramRules.Default);

        Assert.Equal([field], problems.Select(p => p.Field));
    }

    [Fact]
    public void ASoundRuleHasNoProblems()
    {
        Assert.Empty(Accessories.Validate(ProgramRules.Default));
        Assert.Empty((Accessories with { Trigger = OfferTrigger.WinBack, InactiveDays = 60, Categories = null }).Validate(ProgramRules.Default));
    }

    [Fact]
    public void ARuleWithASegmentFindsDueOnlyTheCustomersInIt()
    {
        var gold = Accessories with { Trigger = OfferTrigger.Tier, Tiers = ["Gold"], Segment = "atRisk" };
        var atGold = Bronze with { Tier = "Gold" };

        Assert.Equal("tier-gold", gold.OccasionFor(atGold with { Segments = new HashSet<string> { "all", "atRisk" } }, Now, Moscow));
        Assert.Null(gold.OccasionFor(atGold with { Segments = new HashSet<string> { "all", "loyal" } }, Now, Moscow));
        Assert.Null(gold.OccasionFor(atGold, Now, Moscow));
        Assert.NotNull((gold with { Segment = null }).OccasionFor(atGold, Now, Moscow));
    }

    [Fact]
    public void ARuleMayNameOnlyASegmentOfTheProgram()
    {
        Assert.Empty((Accessories with { Segment = "tier:Gold" }).Validate(ProgramRules.Default));
        Assert.Equal("segment", Assert.Single((Accessories with { Segment = "vip" }).Validate(ProgramRules.Default)).Field);
        Assert.Equal("segment", Assert.Single((Accessories with { Segment = "tier:gold" }).Validate(ProgramRules.Default)).Field);
    }
}
