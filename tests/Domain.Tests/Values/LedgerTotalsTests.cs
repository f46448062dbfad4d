using LoyaltyBot.Domain.Ledger;

namespace LoyaltyBot.Domain.Tests.Values;

public class LedgerTotalsTests
{
    [Fact]
    public void EachKindOfEntryIsKeptAsAPositiveLifetimeSum()
    {
        var totals = new LedgerTotals()
            .Add(LedgerEntryKind.Earn, 30)
            .Add(LedgerEntryKind.Redeem, -10)
            .Add(LedgerEntryKind.Refund, -5)
            .Add(LedgerEntryKind.Expire, -3)
            .Add(LedgerEntryKind.Bonus, 7)
            .Add(LedgerEntryKind.RedemptionCancel, 4);

        Assert.Equal(new LedgerTotals(Earned: 30, Bonus: 7, Redeemed: 10, ClawedBack: 5, Expired: 3, Restored: 4), totals);
    }

    [Fact]
    public void TransfersInAndOutAreKeptApart()
    {
        var totals = new LedgerTotals().Add(LedgerEntryKind.TransferIn, 70).Add(LedgerEntryKind.TransferOut, -20);

        Assert.Equal((70L, 20L, 50L), (totals.TransferredIn, totals.TransferredOut, totals.Net));
    }

    [Fact]
    public void AdjustmentsKeepTheirSign()
    {
        var totals = new LedgerTotals().Add(LedgerEntryKind.Adjust, 20).Add(LedgerEntryKind.Adjust, -25);

        Assert.Equal(-5, totals.Adjusted);
    }

    [Fact]
    public void TheNetIsTheSumOfEveryDeltaAdded()
    {
        (LedgerEntryKind Kind, long Delta)[] entries =
        [
            (LedgerEntryKind.Earn, 300), (LedgerEntryKind.Bonus, 100), (LedgerEntryKind.Redeem, -150), (LedgerEntryKind.Refund, -40),
            (LedgerEntryKind.Expire, -60), (LedgerEntryKind.Adjust, -7), (LedgerEntryKind.RedemptionCancel, 50),
            (LedgerEntryKind.TransferIn, 70), (LedgerEntryKind.TransferOut, -20), (LedgerEntryKind.TransferIn, -5),
        ];

        var totals = entries.Aggregate(new LedgerTotals(), (t, e) => t.Add(e.Kind, e.Delta));

        Assert.Equal(entries.Sum(e => e.Delta), totals.Net);
    }

    [Fact]
    public void AnUnknownKindIsAProgrammingError()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LedgerTotals().Add((LedgerEntryKind)99, 1));
    }
}
