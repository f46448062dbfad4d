namespace LoyaltyBot.Functions.Jobs;

/// <summary>The UTC days that a day of the program's time zone overlaps: the expiry index partitions that hold its lots.</summary>
public static class ProgramDayInUtc
{
    /// <summary>One UTC day for a zone at UTC, two for any other (the local day straddles a UTC midnight), oldest first.</summary>
    public static IReadOnlyList<DateOnly> Days(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var first = DateOnly.FromDateTime(StartOf(day, zone).UtcDateTime);
        var last = DateOnly.FromDateTime(StartOf(day.AddDays(1), zone).AddTicks(-1).UtcDateTime);
        var days = new List<DateOnly>();
        for (var utcDay = first; utcDay <= last; utcDay = utcDay.AddDays(1))
        {
            days.Add(utcDay);
        }

        return days;
    }

    /// <summary>The first instant of <paramref name="day"/> in <paramref name="zone"/>.</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = day.ToDateTime(TimeOnly.MinValue);
        // Where a clock change skips midnight (Santiago, Beirut), the day starts when the clock resumes.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        // Where it repeats midnight, the day starts at the first of the two: the larger offset.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
