namespace LoyaltyBot.Domain.Rules;

/// <summary>
/// When tiers are reviewed: on the first day of each month at <see cref="LocalHour"/> in the program's time zone. A review
/// is named by that day (<c>2030-07-01</c>).
/// </summary>
public static class TierReviewCalendar
{
    /// <summary>10 o'clock: a customer told of a lowered tier reads it in the morning, not at midnight.</summary>
    public const int LocalHour = 10;

    /// <summary>The moment of the review of the month that starts on <paramref name="review"/>.</summary>
    public static DateTimeOffset At(DateOnly review, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = review.ToDateTime(new TimeOnly(LocalHour, 0));
        // An hour a clock change skips is taken to be the hour after it.
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The latest review whose moment has come at <paramref name="now"/>.</summary>
    public static DateOnly LatestAt(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var thisMonth = new DateOnly(local.Year, local.Month, 1);
        return now >= At(thisMonth, zone) ? thisMonth : thisMonth.AddMonths(-1);
    }

    /// <summary>The first review whose moment is after <paramref name="now"/>.</summary>
    public static DateOnly NextAfter(DateTimeOffset now, TimeZoneInfo zone) => LatestAt(now, zone).AddMonths(1);
}
