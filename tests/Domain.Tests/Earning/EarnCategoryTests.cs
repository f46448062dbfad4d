using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Earning;

public class EarnCategoryTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default with
    {
        CategoryMultipliers = new Dictionary<string, decimal> { ["coffee"] = 2m, ["tobacco"] = 0.5m },
    };

    [Fact]
    public void AMultipliedCategoryEarnsMoreOnItsShareOnly()
    {
        // coffee 300 × 3% × 2 = 18, bakery 700 × 3% = 21.
        var purchase = new PurchaseBuilder().Under(Rules).Amount(1_000m).Item("coffee", 300m).Item("bakery", 700m);

        Assert.Equal(39, Quote(purchase).Points);
    }

    [Fact]
    public void ALineTotalIsItsQuantityTimesItsPrice()
    {
        // coffee 3 × 100 = 300 of a 1 000 check, as above.
        var purchase = new PurchaseBuilder().Under(Rules).Amount(1_000m).Item("coffee", 100m, quantity: 3m).Item("bakery", 700m);

        Assert.Equal(39, Quote(purchase).Points);
    }

    [Fact]
    public void AMultiplierBelowOneEarnsLess()
    {
        var purchase = new PurchaseBuilder().Under(Rules).Amount(1_000m).Item("tobacco", 1_000m);

        Assert.Equal(15, Quote(purchase).Points);
    }

    [Fact]
    public void ItemTotalsSplitThePaidAmountEvenWhenTheyDoNotAddUpToIt()
    {
        // A 10% discount on the check: items list 1 100, 1 000 was paid; coffee's share is 1 000 × 500/1 100.
        var purchase = new PurchaseBuilder().Under(Rules).Amount(1_000m).Item("coffee", 550m).Item("bakery", 550m);

        Assert.Equal(45, Quote(purchase).Points); // 500 × 3% × 2 + 500 × 3% = 30 + 15
    }

    [Fact]
    public void AnUnknownCategoryEarnsTheTierRate()
    {
        var purchase = new PurchaseBuilder().Under(Rules).Amount(1_000m).Item("books", 1_000m);

        Assert.Equal(30, Quote(purchase).Points);
    }

    [Fact]
    public void ItemsThatAllCostNothingCountAsOneUncategorizedLine()
    {
        var purchase = new PurchaseBuilder().Under(Rules).Amount(1_000m).Item("coffee", 0m);

        Assert.Equal(30, Quote(purchase).Points);
    }

    private static EarnQuote Quote(PurchaseBuilder purchase) =>
        EarnCalculator.Quote(purchase.Build(), Rules.TierNamed("Bronze"), Rules, []);
}
