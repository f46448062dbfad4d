using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Earning;

public class EarnCampaignTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default;
    private static readonly DateTimeOffset Start = Moment.T0;
    private static readonly DateTimeOffset End = Moment.T0.AddDays(7);

    // Bronze on 1 000 RUB earns 30 points before any multiplier.
    private static PurchaseBuilder Check() => new PurchaseBuilder().Amount(1_000m).At(Start.AddDays(1));

    [Fact]
    public void ACampaignMultipliesThePointsOfAPurchaseWithinItsDates()
    {
        var quote = Quote(Check(), Campaign("double", 2m));

        Assert.Equal(60, quote.Points);
        Assert.Equal(["double"], quote.CampaignIds);
    }

    [Fact]
    public void ACampaignCountsFromItsFirstInstantUpToButNotIncludingItsEnd()
    {
        Assert.Equal(60, Quote(Check().At(Start), Campaign("double", 2m)).Points);
        Assert.Equal(30, Quote(Check().At(Start.AddTicks(-1)), Campaign("double", 2m)).Points);
        Assert.Equal(30, Quote(Check().At(End), Campaign("double", 2m)).Points);
    }

    [Fact]
    public void ACampaignGoesByWhenThePurchaseWasMadeNotWhenItIsQuoted()
    {
        var quote = Quote(Check().At(End.AddDays(-1).AddHours(23)), Campaign("double", 2m));

        Assert.Equal(60, quote.Points);
    }

    [Fact]
    public void AMerchantCampaignAppliesOnlyAtItsMerchants()
    {
        var campaign = Campaign("m2-only", 2m) with { MerchantIds = ["m-2"] };

        Assert.Equal(30, Quote(Check().From("m-1"), campaign).Points);
        Assert.Equal(60, Quote(Check().From("M-2"), campaign).Points);
    }

    [Fact]
    public void ACategoryCampaignAppliesOnlyToThatCategorysShare()
    {
        var campaign = Campaign("coffee-week", 3m) with { Categories = ["coffee"] };
        var purchase = Check().Item("coffee", 400m).Item("bakery", 600m);

        var quote = Quote(purchase, campaign);

        Assert.Equal(54, quote.Points); // 400 × 3% × 3 + 600 × 3%
        Assert.Equal(["coffee-week"], quote.CampaignIds);
    }

    [Fact]
    public void ACategoryCampaignDoesNotApplyToACheckWithoutItems()
    {
        var quote = Quote(Check(), Campaign("coffee-week", 3m) with { Categories = ["coffee"] });

        Assert.Equal(30, quote.Points);
        Assert.Empty(quote.CampaignIds);
    }

    [Fact]
    public void TheBestOfSeveralCampaignsWinsAlone()
    {
        var quote = Quote(Check(), Campaign("double", 2m), Campaign("triple", 3m), Campaign("half-more", 1.5m));

        Assert.Equal(90, quote.Points);
        Assert.Equal(["triple"], quote.CampaignIds);
    }

    [Fact]
    public void ACategoryMultiplierBetterThanTheCampaignWins()
    {
        var rules = Rules with { CategoryMultipliers = new Dictionary<string, decimal> { ["coffee"] = 2m } };
        var purchase = Check().Under(rules).Item("coffee", 1_000m).Build();

        var quote = EarnCalculator.Quote(purchase, rules.TierNamed("Bronze"), rules, [Campaign("half-more", 1.5m)]);

        Assert.Equal(60, quote.Points);
        Assert.Empty(quote.CampaignIds);
    }

    [Fact]
    public void AStackableCampaignMultipliesOnTopOfTheBest()
    {
        var quote = Quote(Check(), Campaign("double", 2m), Campaign("weekend", 1.5m) with { Stackable = true });

        Assert.Equal(90, quote.Points); // 30 × 2 × 1.5
        Assert.Equal(["double", "weekend"], quote.CampaignIds);
    }

    [Fact]
    public void StackableCampaignsMultiplyEachOtherAndTheCategory()
    {
        var rules = Rules with { CategoryMultipliers = new Dictionary<string, decimal> { ["coffee"] = 2m } };
        var purchase = Check().Under(rules).Item("coffee", 1_000m).Build();
        Campaign[] campaigns = [Campaign("weekend", 1.5m) with { Stackable = true }, Campaign("birthday-week", 2m) with { Stackable = true }];

        var quote = EarnCalculator.Quote(purchase, rules.TierNamed("Bronze"), rules, campaigns);

        Assert.Equal(180, quote.Points); // 30 × 2 × 1.5 × 2
    }

    [Fact]
    public void AnInactiveStackableCampaignAddsNothing()
    {
        var later = Campaign("later", 5m) with { Stackable = true, StartsAt = End, EndsAt = End.AddDays(7) };

        var quote = Quote(Check(), later);

        Assert.Equal(30, quote.Points);
        Assert.Empty(quote.CampaignIds);
    }

    private static Campaign Campaign(string id, decimal multiplier) => new(id, id, Start, End, multiplier);

    private static EarnQuote Quote(PurchaseBuilder purchase, params Campaign[] campaigns) =>
        EarnCalculator.Quote(purchase.Build(), Rules.TierNamed("Bronze"), Rules, campaigns);
}
