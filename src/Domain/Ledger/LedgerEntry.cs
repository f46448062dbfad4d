namespace LoyaltyBot.Domain.Ledger;

public enum LedgerEntryKind
{
    Earn,
    Redeem,
    Refund,
    Expire,
    Bonus,
    Adjust,
    RedemptionCancel,
}

/// <summary>
/// One applied operation. The deltas of a customer's entries always sum to the account's balance.
/// </summary>
public sealed record LedgerEntry(
    string Id,
    LedgerEntryKind Kind,
    long Delta,
    long BalanceAfter,
    DateTimeOffset RecordedAt,
    DateTimeOffset OccurredAt,
    string Operation,
    string? MerchantId = null,
    decimal? Amount = null,
    string? Currency = null,
    string? Note = null,
    IReadOnlyList<LotDraw>? Draws = null)
{
    public static string NewId() => Guid.CreateVersion7().ToString("N");
}
