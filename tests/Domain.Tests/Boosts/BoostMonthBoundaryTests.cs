using System.Globalization;
using LoyaltyBot.Domain.Boosts;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Boosts;

/// <summary>
/// A purchase is boosted by the picks of its month in the program's time zone, not in UTC: around midnight of a month's
/// first day, across DST changes, and at the end of a leap February.
/// </summary>
public class BoostMonthBoundaryTests
{
    [Theory]
    // 23:30 on 30 November in Moscow (UTC+3) is November's; 00:30 on 1 December there is December's, though UTC says 30 November.
    [InlineData("Europe/Moscow", "2026-11-30T20:30:00Z", "2026-11")]
    [InlineData("Europe/Moscow", "2026-11-30T21:30:00Z", "2026-12")]
    [InlineData("Europe/Moscow", "2026-12-31T20:59:59Z", "2026-12")]
    [InlineData("Europe/Moscow", "2026-12-31T21:00:00Z", "2027-01")]
    // New York, on summer time (UTC−4) until 02:00 on 1 November 2026: its November starts at 04:00 UTC, not 05:00.
    [InlineData("America/New_York", "2026-11-01T03:59:59Z", "2026-10")]
    [InlineData("America/New_York", "2026-11-01T04:00:00Z", "2026-11")]
    // On winter time (UTC−5) at the end of February; summer time starts on 8 March 2026.
    [InlineData("America/New_York", "2026-03-01T04:59:59Z", "2026-02")]
    [InlineData("America/New_York", "2026-03-01T05:00:00Z", "2026-03")]
    // UTC+11 in summer: its December starts on 30 November at 13:00 UTC.
    [InlineData("Australia/Sydney", "2026-11-30T12:59:59Z", "2026-11")]
    [InlineData("Australia/Sydney", "2026-11-30T13:00:00Z", "2026-12")]
    // The leap day belongs to February, in Moscow and in New York.
    [InlineData("Europe/Moscow", "2028-02-29T20:59:59Z", "2028-02")]
    [InlineData("Europe/Moscow", "2028-02-29T21:00:00Z", "2028-03")]
    [InlineData("America/New_York", "2028-03-01T04:30:00Z", "2028-02")]
    public void APurchaseBelongsToTheMonthOfItsMomentInTheProgramsZone(string zone, string utc, string month)
    {
        Assert.Equal(month, BoostMonth.Of(Instant(utc), TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString());
    }

    [Theory]
    [InlineData("Europe/Moscow", "2026-11-30T20:30:00Z", 30)]
    [InlineData("Europe/Moscow", "2026-11-30T21:30:00Z", 90)]
    [InlineData("America/New_York", "2026-12-01T04:30:00Z", 30)]
    [InlineData("America/New_York", "2026-12-01T05:30:00Z", 90)]
    public void OnlyAPurchaseInThePickedMonthOfTheProgramsZoneEarnsTheBoostedRate(string zone, string utc, long points)
    {
        // Coffee is boosted and picked in December only.
        var rules = ProgramRules.Default with
        {
            TimeZone = zone,
            BoostedCategories = new BoostedCategories
            {
                Months = new Dictionary<string, IReadOnlyList<BoostedCategory>> { ["2026-11"] = [new("coffee", 3m)], ["2026-12"] = [new("coffee", 3m)] },
            },
        };
        var picks = EarnBoostedCategoryTests.Picks((new BoostMonth(2026, 12), ["coffee"]));
        var purchase = new PurchaseBuilder().Under(rules).Amount(1_000m).At(Instant(utc)).Item("coffee", 1_000m).Build();

        Assert.Equal(points, EarnCalculator.Quote(purchase, rules.TierNamed("Bronze"), rules, [], picks).Points);
    }

    [Theory]
    [InlineData("2026-12", 2027, 1)]
    [InlineData("2028-02", 2028, 3)]
    public void TheNextMonthFollowsTheCalendar(string month, int year, int next)
    {
        Assert.True(BoostMonth.TryParse(month, out var parsed));
        Assert.Equal(new BoostMonth(year, next), parsed.Next);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-1")]
    [InlineData("26-12")]
    [InlineData("2026-12-01")]
    [InlineData("")]
    [InlineData(null)]
    public void OnlyAMonthWrittenYyyyMmIsRead(string? text)
    {
        Assert.False(BoostMonth.TryParse(text, out _));
    }

    private static DateTimeOffset Instant(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
