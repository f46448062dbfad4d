namespace LoyaltyBot.Functions.Jobs;

/// <summary>
/// Which of the program's days a daily job does at a moment: every day since the last one it finished, up to today
/// once the local greeting hour has come (yesterday before it), the days counted in the program's time zone.
/// </summary>
public static class GreetingDays
{
    /// <summary>Days caught up at most after an outage: a greeting later than this would come too late to please.</summary>
    public const int CatchUpDays = 7;

    /// <summary>The latest day due at <paramref name="now"/>: today in <paramref name="zone"/> from <paramref name="hour"/> o'clock, else yesterday.</summary>
    public static DateOnly LatestDue(DateTimeOffset now, TimeZoneInfo zone, int hour)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        // Compared as at least, so an hour that a clock change skips (02:00 in spring) still comes.
        return local.Hour >= hour ? today : today.AddDays(-1);
    }

    /// <summary>
    /// The days due, oldest first: after <paramref name="doneThrough"/> up to the latest due, at most
    /// <see cref="CatchUpDays"/> of them; only the latest due when no day was ever done (a new program greets no one belatedly).
    /// </summary>
    public static IReadOnlyList<DateOnly> Due(DateTimeOffset now, TimeZoneInfo zone, int hour, DateOnly? doneThrough)
    {
        var latest = LatestDue(now, zone, hour);
        var earliest = latest.AddDays(1 - CatchUpDays);
        var first = doneThrough is { } done ? done.AddDays(1) : latest;
        var days = new List<DateOnly>();
        for (var day = first < earliest ? earliest : first; day <= latest; day = day.AddDays(1))
        {
            days.Add(day);
        }

        return days;
    }
}
