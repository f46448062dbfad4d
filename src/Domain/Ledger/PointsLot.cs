namespace LoyaltyBot.Domain.Ledger;

public enum LotKind
{
    Earned,
    Bonus,
    Adjustment,

    /// <summary>Opened again by a cancelled redemption after the lot it drew from was used up.</summary>
    Restored,
}

/// <summary>
/// Points from one source that expire together. Spendable from <see cref="AvailableAt"/> (after a pending period)
/// until <see cref="ExpiresAt"/>.
/// </summary>
public sealed record PointsLot(
    string Id,
    LotKind Kind,
    long Points,
    long Remaining,
    DateTimeOffset EarnedAt,
    DateTimeOffset AvailableAt,
    DateTimeOffset ExpiresAt,
    string Source)
{
    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;

    public bool IsSpendableAt(DateTimeOffset now) => AvailableAt <= now && !IsExpiredAt(now);

    public bool IsPendingAt(DateTimeOffset now) => AvailableAt > now && !IsExpiredAt(now);

    /// <summary>The UTC day an expiry index row is filed under.</summary>
    public DateOnly ExpiryDay => DateOnly.FromDateTime(ExpiresAt.UtcDateTime);
}

/// <summary>Points taken from (negative) or returned to one lot by an operation.</summary>
public sealed record LotDraw(string LotId, long Points, DateTimeOffset AvailableAt, DateTimeOffset ExpiresAt);
