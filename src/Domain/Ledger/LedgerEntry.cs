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

    /// <summary>Every point of an account handed over to another when the two are merged (a phone bound in the bot).</summary>
    TransferOut,

    /// <summary>The points of a merged account received, with their lots' availability and expiry.</summary>
    TransferIn,
}

/// <summary>
/// One applied operation. The deltas of a customer's entries always sum to the account's balance. <see cref="By"/>: who
/// made a manual adjustment.
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
    IReadOnlyList<LotDraw>? Draws = null,
    string? By = null)
{
    public static string NewId() => Guid.CreateVersion7().ToString("N");
}
