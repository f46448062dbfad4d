using System.Globalization;

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

    /// <summary>
    /// The id of the lot that holds every point expiring on the UTC day of <paramref name="expiresAt"/> and spendable
    /// from the UTC day of <paramref name="availableAt"/>: <c>e&lt;yyyyMMdd&gt;a&lt;yyyyMMdd&gt;</c>.
    /// </summary>
    public static string GroupId(DateTimeOffset availableAt, DateTimeOffset expiresAt) =>
        string.Create(CultureInfo.InvariantCulture, $"e{expiresAt.UtcDateTime:yyyyMMdd}a{availableAt.UtcDateTime:yyyyMMdd}");

    /// <summary>Whether <paramref name="id"/> names a lot of grouped points rather than one purchase's lot of an older row.</summary>
    public static bool IsGroupId(string id) =>
        id is ['e', _, _, _, _, _, _, _, _, 'a', _, _, _, _, _, _, _, _] && id.Remove(9, 1).AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
}

/// <summary>Points taken from (negative) or returned to one lot by an operation.</summary>
public sealed record LotDraw(string LotId, long Points, DateTimeOffset AvailableAt, DateTimeOffset ExpiresAt);
