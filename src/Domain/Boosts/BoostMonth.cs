using System.Globalization;

namespace LoyaltyBot.Domain.Boosts;

/// <summary>A calendar month in the program's time zone, written <c>yyyy-MM</c>: the period boosted categories are offered and picked for.</summary>
public readonly record struct BoostMonth(int Year, int Month) : IComparable<BoostMonth>
{
    /// <summary>The month <paramref name="at"/> falls in where the program runs (23:30 on 30 November in Moscow is November's, whatever UTC says).</summary>
    public static BoostMonth Of(DateTimeOffset at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return new(local.Year, local.Month);
    }

    public static bool TryParse(string? text, out BoostMonth month)
    {
        month = default;
        if (text is not { Length: 7 } || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            return false;
        }

        month = new(first.Year, first.Month);
        return true;
    }

    public BoostMonth Next => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);

    public DateOnly FirstDay => new(Year, Month, 1);

    public int CompareTo(BoostMonth other) => (Year, Month).CompareTo((other.Year, other.Month));

    public static bool operator <(BoostMonth left, BoostMonth right) => left.CompareTo(right) < 0;

    public static bool operator >(BoostMonth left, BoostMonth right) => left.CompareTo(right) > 0;

    public static bool operator <=(BoostMonth left, BoostMonth right) => left.CompareTo(right) <= 0;

    public static bool operator >=(BoostMonth left, BoostMonth right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}
