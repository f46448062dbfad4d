using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Admin;

namespace LoyaltyBot.Functions.Tests.Admin;

public sealed class CustomerViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheTopTierHasNoNextTier()
    {
        var view = CustomerView.From(Account("Gold", spend: 60_000m), [], ProgramRules.Default, Now);

        Assert.Null(view.NextTier);
        Assert.Equal(60_000m, view.TrailingSpend);
    }

    [Fact]
    public void SpendAlreadyPastTheNextTierLeavesNothingToReach()
    {
        // Tiers fall only at the review, and rules may change: the spend can be past the next tier's threshold.
        var view = CustomerView.From(Account("Bronze", spend: 20_000m), [], ProgramRules.Default, Now);

        Assert.Equal(new NextTierView("Silver", 0m), view.NextTier);
    }

    [Fact]
    public void DebtLowersSpendableAndBalanceButNotPending()
    {
        var lots = new[]
        {
            new PointsLot("a", LotKind.Earned, 100, 100, Now.AddDays(-1), Now.AddDays(-1), Now.AddDays(300), "m1:p1"),
            new PointsLot("b", LotKind.Earned, 50, 50, Now, Now.AddDays(14), Now.AddDays(365), "m1:p2"),
        };
        var account = new CustomerAccount("c1", Profile(), "Bronze", 30, lots, [], new LedgerTotals(), Now);

        var view = CustomerView.From(account, [], ProgramRules.Default, Now);

        Assert.Equal(new PointsView(70, 50, 120), view.Points);
        Assert.Equal(30, view.Debt);
    }

    private static CustomerAccount Account(string tier, decimal spend) =>
        new("c1", Profile(), tier, 0, [], [KeyValuePair.Create(DateOnly.FromDateTime(Now.UtcDateTime), spend)], new LedgerTotals(), Now);

    private static CustomerProfile Profile() => new() { CardNumber = CardNumber.NewRandom().Digits, InviteCode = InviteCode.NewRandom() };
}
