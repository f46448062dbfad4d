using LoyaltyBot.Domain.Boosts;
using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Domain.Tests.Boosts;

public class BoostedCategoriesValidationTests
{
    // One broken rule per field, each wrong in that field only.
    private static readonly Dictionary<string, BoostedCategories> BrokenAt = new(StringComparer.Ordinal)
    {
        ["boostedCategories.picks"] = Valid() with { Picks = 0 },
        ["boostedCategories.months.2026-13"] = Month("2026-13", new BoostedCategory("coffee", 3m)),
        ["boostedCategories.months.2026-12"] = Month("2026-12"),
        ["boostedCategories.months.2026-12[1].category"] = Month("2026-12", new BoostedCategory("coffee", 3m), new(" ", 3m)),
        ["boostedCategories.months.2026-12[2].category"] = Month("2026-12", new BoostedCategory("coffee", 3m), new("books", 2m), new("Coffee", 2m)),
        ["boostedCategories.months.2026-12[0].multiplier"] = Month("2026-12", new BoostedCategory("coffee", 1m)),
        ["boostedCategories.months.2026-12[0].names.de"] = Month("2026-12", new BoostedCategory("coffee", 3m, new Dictionary<string, string> { ["de"] = "Kaffee" })),
        ["boostedCategories.months"] = Valid() with
        {
            Months = Enumerable.Range(0, BoostedCategories.MaxMonths + 1)
                .ToDictionary(i => new BoostMonth(2026 + (i / 12), (i % 12) + 1).ToString(), _ => (IReadOnlyList<BoostedCategory>)[new("coffee", 2m)]),
        },
    };

    public static TheoryData<string> Fields => [.. BrokenAt.Keys];

    [Theory]
    [MemberData(nameof(Fields))]
    public void EachBrokenRuleIsRefusedNamingItsField(string field)
    {
        var errors = (ProgramRules.Default with { BoostedCategories = BrokenAt[field] }).Validate();

        Assert.Equal([field], errors.Select(e => e.Field));
    }

    [Fact]
    public void TheDefaultRulesOfferNoBoostsAndLetTwoBePicked()
    {
        Assert.Empty(ProgramRules.Default.Validate());
        Assert.Equal(2, ProgramRules.Default.BoostedCategories.Picks);
        Assert.Empty(ProgramRules.Default.BoostedCategories.Months);
    }

    [Fact]
    public void AMonthOfNamedCategoriesIsValid()
    {
        var rules = ProgramRules.Default with
        {
            BoostedCategories = Month("2026-12", new BoostedCategory("coffee", 3m, new Dictionary<string, string> { ["ru"] = "Кофе", ["en"] = "Coffee" }), new("books", 1.5m)),
        };

        Assert.Empty(rules.Validate());
    }

    [Fact]
    public void NoRuleObjectIsRefusedNamingIt()
    {
        Assert.Equal(["boostedCategories"], (ProgramRules.Default with { BoostedCategories = null! }).Validate().Select(e => e.Field));
    }

    private static BoostedCategories Valid() => new();

    private static BoostedCategories Month(string month, params BoostedCategory[] offered) =>
        new() { Months = new Dictionary<string, IReadOnlyList<BoostedCategory>> { [month] = offered } };
}
