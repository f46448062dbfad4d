namespace LoyaltyBot.Domain.Ledger;

/// <summary>What a refund needs to know of an earlier purchase: what was paid and earned, and what was already refunded.</summary>
public sealed record PurchaseRecord(
    string MerchantId,
    string PurchaseId,
    decimal Paid,
    string Currency,
    long PointsEarned,
    decimal Refunded,
    long ClawedBack,
    string? LotId,
    DateTimeOffset OccurredAt)
{
    public decimal Refundable => Paid - Refunded;

    /// <summary>
    /// Points to take back so that what the customer keeps is what the unrefunded part would earn, rounded down:
    /// computed on the running total so partial refunds add up to exactly a full one.
    /// </summary>
    public long ClawbackFor(decimal refundAmount)
    {
        var refundedAfter = Refunded + refundAmount;
        var kept = Paid == 0 ? 0 : (long)decimal.Floor(PointsEarned * (Paid - refundedAfter) / Paid);
        return PointsEarned - kept - ClawedBack;
    }
}
