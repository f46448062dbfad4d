using System.Globalization;
using LoyaltyBot.Functions.Jobs;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>Which of the program's days are due at a moment: the greeting hour in the program's time zone, clock changes, catching up.</summary>
public sealed class GreetingDaysTests
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    [Theory]
    [InlineData("Europe/Moscow", "2030-06-15T06:59:59Z", 10, "2030-06-14")]
    [InlineData("Europe/Moscow", "2030-06-15T07:00:00Z", 10, "2030-06-15")]
    // The program's day, not UTC's: in Tokyo the 15th has begun while UTC is still on the 14th, in Los Angeles the other way round.
    [InlineData("Asia/Tokyo", "2030-06-14T23:30:00Z", 8, "2030-06-15")]
    [InlineData("America/Los_Angeles", "2030-06-15T03:00:00Z", 10, "2030-06-14")]
    // Berlin's 10 o'clock is 09:00 UTC in winter and 08:00 UTC in summer.
    [InlineData("Europe/Berlin", "2030-01-15T08:59:00Z", 10, "2030-01-14")]
    [InlineData("Europe/Berlin", "2030-01-15T09:00:00Z", 10, "2030-01-15")]
    [InlineData("Europe/Berlin", "2030-07-15T07:59:00Z", 10, "2030-07-14")]
    [InlineData("Europe/Berlin", "2030-07-15T08:00:00Z", 10, "2030-07-15")]
    // The days the clocks change: summer time from 31 March, winter time from 27 October.
    [InlineData("Europe/Berlin", "2030-03-31T07:59:00Z", 10, "2030-03-30")]
    [InlineData("Europe/Berlin", "2030-03-31T08:00:00Z", 10, "2030-03-31")]
    [InlineData("Europe/Berlin", "2030-10-27T08:59:00Z", 10, "2030-10-26")]
    [InlineData("Europe/Berlin", "2030-10-27T09:00:00Z", 10, "2030-10-27")]
    // In New York 02:00 does not exist on 10 March 2030 (01:59 EST is followed by 03:00 EDT): the day still comes.
    [InlineData("America/New_York", "2030-03-10T06:59:00Z", 2, "2030-03-09")]
    [InlineData("America/New_York", "2030-03-10T07:00:00Z", 2, "2030-03-10")]
    // Midnight as the hour, at a year's end.
    [InlineData("Europe/Moscow", "2030-12-31T20:59:59Z", 0, "2030-12-31")]
    [InlineData("Europe/Moscow", "2030-12-31T21:00:00Z", 0, "2031-01-01")]
    public void TheLatestDayDueIsTodayInTheProgramsZoneFromTheGreetingHourOn(string zone, string now, int hour, string expected)
    {
        var latest = GreetingDays.LatestDue(Instant(now), TimeZoneInfo.FindSystemTimeZoneById(zone), hour);

        Assert.Equal(Day(expected), latest);
    }

    [Fact]
    public void AFirstRunDoesOnlyTheLatestDay()
    {
        Assert.Equal([Day("2030-06-15")], GreetingDays.Due(Instant("2030-06-15T09:00:00Z"), Moscow, 10, null));
    }

    [Fact]
    public void ADayDoneIsNotDueAgainNorADayBeforeIt()
    {
        Assert.Empty(GreetingDays.Due(Instant("2030-06-15T20:00:00Z"), Moscow, 10, Day("2030-06-15")));
        // Recorded ahead (the program moved to a zone further west): nothing until the days catch up.
        Assert.Empty(GreetingDays.Due(Instant("2030-06-15T09:00:00Z"), Moscow, 10, Day("2030-06-16")));
    }

    [Fact]
    public void TheDaysMissedSinceTheLastOneDoneAreDueOldestFirst()
    {
        var due = GreetingDays.Due(Instant("2030-06-15T09:00:00Z"), Moscow, 10, Day("2030-06-12"));

        Assert.Equal([Day("2030-06-13"), Day("2030-06-14"), Day("2030-06-15")], due);
    }

    [Fact]
    public void BeforeTheHourTheDaysMissedAreDueUpToYesterday()
    {
        var due = GreetingDays.Due(Instant("2030-06-15T05:00:00Z"), Moscow, 10, Day("2030-06-12"));

        Assert.Equal([Day("2030-06-13"), Day("2030-06-14")], due);
    }

    [Fact]
    public void AfterALongOutageOnlyTheLastWeekIsCaughtUp()
    {
        var due = GreetingDays.Due(Instant("2030-06-15T09:00:00Z"), Moscow, 10, Day("2030-05-01"));

        Assert.Equal(GreetingDays.CatchUpDays, due.Count);
        Assert.Equal((Day("2030-06-09"), Day("2030-06-15")), (due[0], due[^1]));
    }

    [Theory]
    [InlineData("2028-02-27", "2028-03-01T09:00:00Z", "2028-02-28,2028-02-29,2028-03-01")]
    [InlineData("2027-02-27", "2027-03-01T09:00:00Z", "2027-02-28,2027-03-01")]
    [InlineData("2030-04-29", "2030-05-01T09:00:00Z", "2030-04-30,2030-05-01")]
    [InlineData("2030-12-30", "2031-01-01T09:00:00Z", "2030-12-31,2031-01-01")]
    public void CatchingUpCrossesMonthAndYearEndsDayByDay(string doneThrough, string now, string expected)
    {
        var due = GreetingDays.Due(Instant(now), Moscow, 10, Day(doneThrough));

        Assert.Equal(expected.Split(',').Select(Day), due);
    }

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
