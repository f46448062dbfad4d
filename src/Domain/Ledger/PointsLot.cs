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
/// Points that expire on one UTC day and become spendable on one UTC day, from any number of purchases and gifts. Spendable from <see cref="AvailableAt"/> (after a pending period)
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

    /// <summary>The suffix of a day pair's second lot, which keeps its pending points apart from its spendable ones.</summary>
    public const string SecondLotSuffix = "p";

    /// <summary>Whether <paramref name="id"/> names a lot of grouped points rather than one purchase's lot of an older row.</summary>
    public static bool IsGroupId(string id) =>
        id.TrimEnd('p') is ['e', _, _, _, _, _, _, _, _, 'a', _, _, _, _, _, _, _, _] pair
        && id.Length - pair.Length <= 1 && pair.Remove(9, 1).AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>Whether two lot ids name lots of the same expiry and availability days.</summary>
    public static bool SameDayPair(string id, string? other) =>
        other is not null && string.Equals(id.TrimEnd('p'), other.TrimEnd('p'), StringComparison.Ordinal);
}

/// <summary>Points taken from (negative) or returned to one lot by an operation.</summary>
public sealed record LotDraw(string LotId, long Points, DateTimeOffset AvailableAt, DateTimeOffset ExpiresAt);
