using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Domain.Tests.Rules;

/// <summary>When the monthly tier review comes: the first of the month at 10 o'clock in the program's zone, across zones, clock changes and year ends.</summary>
public class TierReviewCalendarTests
{
    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Theory]
    [InlineData("Europe/Moscow", "2030-07-01T07:00:00+00:00")]
    [InlineData("Asia/Tokyo", "2030-07-01T01:00:00+00:00")]
    [InlineData("Pacific/Kiritimati", "2030-06-30T20:00:00+00:00")]
    [InlineData("America/Los_Angeles", "2030-07-01T17:00:00+00:00")]
    public void AReviewIsAtTenOnTheFirstInTheProgramsZone(string zone, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            TierReviewCalendar.At(new DateOnly(2030, 7, 1), Zone(zone)));
    }

    [Fact]
    public void TheHourFollowsTheClockChangeOfTheMonth()
    {
        // Berlin keeps summer time from the last Sunday of March: 1 March is UTC+1, 1 April UTC+2.
        var berlin = Zone("Europe/Berlin");

        Assert.Equal(TimeSpan.FromHours(1), TierReviewCalendar.At(new DateOnly(2030, 3, 1), berlin).Offset);
        Assert.Equal(TimeSpan.FromHours(2), TierReviewCalendar.At(new DateOnly(2030, 4, 1), berlin).Offset);
        Assert.Equal(new DateTimeOffset(2030, 4, 1, 8, 0, 0, TimeSpan.Zero), TierReviewCalendar.At(new DateOnly(2030, 4, 1), berlin).ToUniversalTime());
    }

    [Fact]
    public void AnHourTheClockSkipsBecomesTheHourAfter()
    {
        // A made-up zone whose clocks jump from 10:00 to 11:00 on 1 September.
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(new DateTime(2000, 1, 1), new DateTime(2099, 12, 31), TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 10, 0, 0), 9, 1),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 10, 0, 0), 12, 1));
        var zone = TimeZoneInfo.CreateCustomTimeZone("Skips ten", TimeSpan.Zero, "Skips ten", "Skips ten", "Skips ten summer", [rule]);

        var at = TierReviewCalendar.At(new DateOnly(2030, 9, 1), zone);

        Assert.Equal(new DateTimeOffset(2030, 9, 1, 11, 0, 0, TimeSpan.FromHours(1)), at);
    }

    [Theory]
    [InlineData("2030-07-01T06:59:59+00:00", "2030-06-01")]
    [InlineData("2030-07-01T07:00:00+00:00", "2030-07-01")]
    [InlineData("2030-07-31T23:59:59+00:00", "2030-07-01")]
    [InlineData("2031-01-01T06:59:59+00:00", "2030-12-01")]
    [InlineData("2031-01-01T07:00:00+00:00", "2031-01-01")]
    [InlineData("2032-02-29T12:00:00+00:00", "2032-02-01")]
    [InlineData("2032-03-01T07:00:00+00:00", "2032-03-01")]
    public void TheLatestReviewIsTheLastFirstOfTheMonthWhoseHourHasComeInMoscow(string now, string expected)
    {
        var moscow = Zone("Europe/Moscow");
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TierReviewCalendar.LatestAt(at, moscow));
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).AddMonths(1), TierReviewCalendar.NextAfter(at, moscow));
    }

    [Fact]
    public void TheMonthIsTheProgramsNotUtcs()
    {
        // 21:00 UTC on 30 June is 07:00 on 1 July in Kiritimati (UTC+14): July's review has not come there yet, then it has.
        var kiritimati = Zone("Pacific/Kiritimati");

        Assert.Equal(new DateOnly(2030, 6, 1), TierReviewCalendar.LatestAt(new DateTimeOffset(2030, 6, 30, 19, 59, 0, TimeSpan.Zero), kiritimati));
        Assert.Equal(new DateOnly(2030, 7, 1), TierReviewCalendar.LatestAt(new DateTimeOffset(2030, 6, 30, 20, 0, 0, TimeSpan.Zero), kiritimati));
    }
}
