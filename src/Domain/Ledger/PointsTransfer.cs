namespace LoyaltyBot.Domain.Ledger;

/// <summary>Money paid on one UTC day, counted toward a tier.</summary>
public sealed record DaySpend(DateOnly Day, decimal Paid);

/// <summary>
/// Everything an account hands over when it is merged into another: its lots as they were (ids, availability, expiry),
/// its debt, and its spend toward a tier. <see cref="Entry"/> is the transfer-out entry on the account it came from.
/// </summary>
public sealed record PointsTransfer(
    string FromCustomerId, string ToCustomerId, LedgerEntry Entry, IReadOnlyList<PointsLot> Lots, long Debt, IReadOnlyList<DaySpend> Spend)
{
    /// <summary>The balance moved: open points less the debt.</summary>
    public long Points => Lots.Sum(l => l.Remaining) - Debt;
}
