using LoyaltyBot.Domain.Boosts;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Offers;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Boosts;

/// <summary>The earn quote of a customer who picked boosted categories; Bronze earns 3 %.</summary>
public class EarnBoostedCategoryTests
{
    private static readonly BoostMonth November = new(2026, 11);

    /// <summary>Mid-November in Moscow.</summary>
    private static readonly DateTimeOffset InNovember = new(2026, 11, 15, 12, 0, 0, TimeSpan.FromHours(3));

    private static readonly ProgramRules Rules = ProgramRules.Default with
    {
        BoostedCategories = new BoostedCategories
        {
            Months = new Dictionary<string, IReadOnlyList<BoostedCategory>>
            {
                ["2026-11"] = [new("coffee", 3m), new("books", 2m)],
                ["2026-12"] = [new("coffee", 5m)],
            },
        },
    };

    private static readonly BoostPicks CoffeeInNovember = Picks((November, ["coffee"]));

    [Fact]
    public void APickedCategoryEarnsItsBoostedRateOnItsShareOnly()
    {
        // coffee 300 × 3 % × 3 = 27, bakery 700 × 3 % = 21.
        var quote = Quote(Purchase(InNovember).Item("coffee", 300m).Item("bakery", 700m), CoffeeInNovember);

        Assert.Equal(48, quote.Points);
        Assert.Equal(["boost-2026-11-coffee"], quote.CampaignIds);
    }

    [Fact]
    public void ACategoryIsMatchedWhateverItsCase()
    {
        Assert.Equal(90, Quote(Purchase(InNovember).Item("Coffee", 1_000m), CoffeeInNovember).Points);
    }

    [Fact]
    public void AnOfferedCategoryTheCustomerDidNotPickEarnsTheTierRate()
    {
        var quote = Quote(Purchase(InNovember).Item("books", 1_000m), CoffeeInNovember);

        Assert.Equal(30, quote.Points);
        Assert.Empty(quote.CampaignIds);
    }

    [Fact]
    public void APickForAnotherMonthDoesNotBoostThisMonthsPurchase()
    {
        var quote = Quote(Purchase(InNovember).Item("coffee", 1_000m), Picks((November.Next, ["coffee"])));

        Assert.Equal(30, quote.Points);
    }

    [Fact]
    public void APickedCategoryTheOwnerWithdrewFromTheMonthEarnsTheTierRate()
    {
        var withdrawn = Rules with
        {
            BoostedCategories = Rules.BoostedCategories with
            {
                Months = new Dictionary<string, IReadOnlyList<BoostedCategory>> { ["2026-11"] = [new("books", 2m)] },
            },
        };

        Assert.Equal(30, EarnCalculator.Quote(Purchase(InNovember).Item("coffee", 1_000m).Build(), withdrawn.TierNamed("Bronze"), withdrawn, [], CoffeeInNovember).Points);
    }

    [Fact]
    public void WithoutPicksAPurchaseEarnsAsBefore()
    {
        Assert.Equal(30, Quote(Purchase(InNovember).Item("coffee", 1_000m), null).Points);
    }

    [Fact]
    public void AHigherCategoryMultiplierWinsOverTheBoost()
    {
        var rules = Rules with { CategoryMultipliers = new Dictionary<string, decimal> { ["coffee"] = 4m } };

        var quote = EarnCalculator.Quote(Purchase(InNovember).Item("coffee", 1_000m).Build(), rules.TierNamed("Bronze"), rules, [], CoffeeInNovember);

        Assert.Equal(120, quote.Points);
        Assert.Empty(quote.CampaignIds);
    }

    [Theory]
    [InlineData(2, 90, "boost-2026-11-coffee")]
    [InlineData(4, 120, "double-coffee")]
    public void TheBoostAndANonStackableCampaignDoNotAddUpTheBetterOneWins(decimal campaignMultiplier, long points, string applied)
    {
        var campaign = new Campaign("double-coffee", "Coffee days", InNovember.AddDays(-1), InNovember.AddDays(1), campaignMultiplier, ["coffee"]);

        var quote = Quote(Purchase(InNovember).Item("coffee", 1_000m), CoffeeInNovember, campaign);

        Assert.Equal(points, quote.Points);
        Assert.Equal([applied], quote.CampaignIds);
    }

    [Fact]
    public void AStackableCampaignMultipliesTheBoostedRate()
    {
        var campaign = new Campaign("weekend", "Weekend", InNovember.AddDays(-1), InNovember.AddDays(1), 2m, Stackable: true);

        var quote = Quote(Purchase(InNovember).Item("coffee", 1_000m), CoffeeInNovember, campaign);

        // 1 000 × 3 % × 3 × 2.
        Assert.Equal(180, quote.Points);
        Assert.Equal(["boost-2026-11-coffee", "weekend"], quote.CampaignIds);
    }

    [Fact]
    public void APersonalOfferCompetesWithTheBoostLikeACampaign()
    {
        var offer = new PersonalOffer("o-1", "r-1", "Coffee for you", 5m, ["coffee"], InNovember.AddDays(-1), InNovember.AddDays(6));

        Assert.Equal(150, Quote(Purchase(InNovember).Item("coffee", 1_000m), CoffeeInNovember, offer.AsCampaign()).Points);
    }

    [Fact]
    public void ACheckWithoutItemsIsNotBoosted()
    {
        Assert.Equal(30, Quote(Purchase(InNovember), CoffeeInNovember).Points);
    }

    internal static BoostPicks Picks(params (BoostMonth Month, string[] Categories)[] months) =>
        new(months.Select(m => KeyValuePair.Create(m.Month, (IReadOnlyList<string>)m.Categories)));

    private static PurchaseBuilder Purchase(DateTimeOffset at) => new PurchaseBuilder().Under(Rules).Amount(1_000m).At(at);

    private static EarnQuote Quote(PurchaseBuilder purchase, BoostPicks? picks, params Campaign[] campaigns) =>
        EarnCalculator.Quote(purchase.Build(), Rules.TierNamed("Bronze"), Rules, campaigns, picks);
}
