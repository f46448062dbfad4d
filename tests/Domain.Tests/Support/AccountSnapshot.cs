using LoyaltyBot.Domain.Ledger;

namespace LoyaltyBot.Domain.Tests.Support;

/// <summary>Everything an operation may change, taken apart so that a failed operation can be shown to change none of it.</summary>
internal sealed record AccountSnapshot(
    long Balance, long Debt, string Tier, LedgerTotals Totals, IReadOnlyList<PointsLot> Lots, IReadOnlyList<KeyValuePair<DateOnly, decimal>> Spend)
{
    public static AccountSnapshot Of(CustomerAccount account) =>
        new(account.Balance, account.Debt, account.Tier, account.Totals, [.. account.Lots], [.. account.SpendByDay]);

    public void AssertSameAs(CustomerAccount account)
    {
        var now = Of(account);
        Assert.Equal(Balance, now.Balance);
        Assert.Equal(Debt, now.Debt);
        Assert.Equal(Tier, now.Tier);
        Assert.Equal(Totals, now.Totals);
        Assert.Equal(Lots, now.Lots);
        Assert.Equal(Spend, now.Spend);
    }
}
