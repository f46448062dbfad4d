using LoyaltyBot.Domain.Customers;

namespace LoyaltyBot.Domain.Tests.Values;

public class BirthdayCalendarTests
{
    [Theory]
    [InlineData(2027, "2027-02-28")]
    [InlineData(2028, "2028-02-29")]
    [InlineData(2100, "2100-02-28")]
    [InlineData(2000, "2000-02-29")]
    public void The29thOfFebruaryIsCelebratedOnThe28thInAYearWithoutIt(int year, string celebrated)
    {
        Assert.Equal(DateOnly.Parse(celebrated, System.Globalization.CultureInfo.InvariantCulture), BirthdayCalendar.CelebratedIn(year, 2, 29));
    }

    [Theory]
    [InlineData(2027, 2, 28)]
    [InlineData(2028, 2, 28)]
    [InlineData(2027, 3, 1)]
    [InlineData(2027, 12, 31)]
    [InlineData(2028, 1, 1)]
    [InlineData(2027, 4, 30)]
    public void EveryOtherBirthdayIsCelebratedOnItsOwnDay(int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), BirthdayCalendar.CelebratedIn(year, month, day));
    }

    [Fact]
    public void The28thOfFebruaryOfACommonYearCelebratesThe29thToo()
    {
        Assert.Equal([(2, 28), (2, 29)], BirthdayCalendar.CelebratedOn(new DateOnly(2027, 2, 28)));
        Assert.Equal([(2, 28), (2, 29)], BirthdayCalendar.CelebratedOn(new DateOnly(2100, 2, 28)));
    }

    [Theory]
    [InlineData(2028, 2, 28)]
    [InlineData(2028, 2, 29)]
    [InlineData(2027, 3, 1)]
    [InlineData(2028, 3, 1)]
    [InlineData(2027, 12, 31)]
    [InlineData(2028, 1, 1)]
    public void EveryOtherDayCelebratesOnlyItsOwnBirthdays(int year, int month, int day)
    {
        Assert.Equal([(month, day)], BirthdayCalendar.CelebratedOn(new DateOnly(year, month, day)));
    }

    [Fact]
    public void EveryBirthdayIsCelebratedOnExactlyOneDayOfEveryYear()
    {
        foreach (var year in new[] { 2027, 2028, 2100 })
        {
            var celebrated = new List<(int Month, int Day)>();
            for (var day = new DateOnly(year, 1, 1); day.Year == year; day = day.AddDays(1))
            {
                celebrated.AddRange(BirthdayCalendar.CelebratedOn(day));
            }

            Assert.Equal(366, celebrated.Count);
            Assert.Equal(366, celebrated.Distinct().Count());
        }
    }
}
