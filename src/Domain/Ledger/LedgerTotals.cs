namespace LoyaltyBot.Domain.Ledger;

/// <summary>Lifetime sums per kind of entry: the anonymous figures accounting keeps after a customer erases their data.</summary>
public sealed record LedgerTotals(long Earned = 0, long Bonus = 0, long Redeemed = 0, long ClawedBack = 0, long Expired = 0, long Adjusted = 0, long Restored = 0,
    long TransferredIn = 0, long TransferredOut = 0)
{
    /// <summary>What the totals say the balance is; always equal to the account's balance.</summary>
    public long Net => Earned + Bonus - Redeemed - ClawedBack - Expired + Adjusted + Restored + TransferredIn - TransferredOut;

    public LedgerTotals Add(LedgerEntryKind kind, long delta) => kind switch
    {
        LedgerEntryKind.Earn => this with { Earned = Earned + delta },
        LedgerEntryKind.Bonus => this with { Bonus = Bonus + delta },
        LedgerEntryKind.Redeem => this with { Redeemed = Redeemed - delta },
        LedgerEntryKind.Refund => this with { ClawedBack = ClawedBack - delta },
        LedgerEntryKind.Expire => this with { Expired = Expired - delta },
        LedgerEntryKind.Adjust => this with { Adjusted = Adjusted + delta },
        LedgerEntryKind.RedemptionCancel => this with { Restored = Restored + delta },
        LedgerEntryKind.TransferIn => this with { TransferredIn = TransferredIn + delta },
        LedgerEntryKind.TransferOut => this with { TransferredOut = TransferredOut - delta },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
