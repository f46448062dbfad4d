using System.Globalization;
using LoyaltyBot.Functions.Jobs;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>The UTC days (expiry index partitions) that a day of the program's zone overlaps: zones, clock changes, month and year ends.</summary>
public sealed class ProgramDayInUtcTests
{
    [Theory]
    [InlineData("Etc/UTC", "2030-06-15", "2030-06-15")]
    // East of UTC the local day begins on the UTC day before; west of it, it ends on the UTC day after.
    [InlineData("Europe/Moscow", "2030-06-15", "2030-06-14,2030-06-15")]
    [InlineData("America/Los_Angeles", "2030-06-15", "2030-06-15,2030-06-16")]
    // Month and year ends, a leap day.
    [InlineData("Europe/Moscow", "2028-03-01", "2028-02-29,2028-03-01")]
    [InlineData("Asia/Tokyo", "2031-01-01", "2030-12-31,2031-01-01")]
    [InlineData("America/New_York", "2027-02-28", "2027-02-28,2027-03-01")]
    // Days of 23 and 25 hours: Berlin's clocks change on 31 March and 27 October 2030.
    [InlineData("Europe/Berlin", "2030-03-31", "2030-03-30,2030-03-31")]
    [InlineData("Europe/Berlin", "2030-10-27", "2030-10-26,2030-10-27")]
    public void ALocalDayOverlapsTheseUtcDays(string zone, string day, string expected)
    {
        var days = ProgramDayInUtc.Days(Day(day), TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.Equal(expected.Split(',').Select(Day), days);
    }

    [Theory]
    [InlineData("Europe/Moscow", "2030-06-15", "2030-06-14T21:00:00Z")]
    [InlineData("Europe/Berlin", "2030-10-27", "2030-10-26T22:00:00Z")]
    // Havana skips midnight on 10 March 2030 (00:00 CST becomes 01:00 CDT): the day starts at 01:00.
    [InlineData("America/Havana", "2030-03-10", "2030-03-10T05:00:00Z")]
    // Havana repeats midnight's hour on 3 November 2030 (01:00 CDT becomes 00:00 CST): the day starts at the first midnight.
    [InlineData("America/Havana", "2030-11-03", "2030-11-03T04:00:00Z")]
    public void ADayStartsAtItsFirstLocalInstant(string zone, string day, string expected)
    {
        var start = ProgramDayInUtc.StartOf(Day(day), TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), start);
    }

    private static DateOnly Day(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
