using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;

namespace LoyaltyBot.Domain.Tests.Values;

public class BirthdayParseTests
{
    private static readonly DateOnly Today = new(2025, 6, 15);

    [Theory]
    [InlineData("31.12", 31, 12, null)]
    [InlineData("31.12.1990", 31, 12, 1990)]
    [InlineData("31/12", 31, 12, null)]
    [InlineData("31-12-1990", 31, 12, 1990)]
    [InlineData(" 1.2 ", 1, 2, null)]
    [InlineData("05.03.2001", 5, 3, 2001)]
    [InlineData("29.02", 29, 2, null)]
    [InlineData("29.02.2000", 29, 2, 2000)]
    [InlineData("15.06.2025", 15, 6, 2025)]
    public void ReadsDayMonthAndAnOptionalYear(string text, int day, int month, int? year)
    {
        var birthday = Birthday.Parse(text, Today).Value;

        Assert.Equal((day, month, year), (birthday.Day, birthday.Month, birthday.Year));
    }

    [Theory]
    [InlineData("31.02", "date")]
    [InlineData("30.02.2000", "date")]
    [InlineData("29.02.1999", "date")]
    [InlineData("31.04", "date")]
    [InlineData("0.1", "date")]
    [InlineData("12.13", "date")]
    [InlineData("16.06.2025", "date")]
    [InlineData("01.01.1899", "year")]
    [InlineData("01.01.2026", "year")]
    [InlineData("01.01.90", "year")]
    [InlineData("tomorrow", "format")]
    [InlineData("31", "format")]
    [InlineData("31.12.1990.1", "format")]
    [InlineData("31.12.19901", "format")]
    [InlineData("", "format")]
    [InlineData(null, "format")]
    [InlineData("３１.１２", "format")]
    public void RefusesWhatIsNoBirthdaySayingWhy(string? text, string field)
    {
        var error = Birthday.Parse(text, Today).Error;

        Assert.Equal((LoyaltyErrorCode.InvalidBirthday, field), (error?.Code, error?.Field));
    }

    [Fact]
    public void ItsIndexPartitionIsMonthThenDay()
    {
        Assert.Equal("1231", Birthday.Parse("31.12", Today).Value.MonthDay);
        Assert.Equal("0305", Birthday.Parse("5.3", Today).Value.MonthDay);
    }

    [Theory]
    [InlineData("1990-12-31", 31, 12, 1990)]
    [InlineData("12-31", 31, 12, null)]
    [InlineData("--12-31", 31, 12, null)]
    [InlineData("02-29", 29, 2, null)]
    [InlineData(" 2000-02-29 ", 29, 2, 2000)]
    public void ReadsIsoDatesYearFirstWithAnOptionalYear(string text, int day, int month, int? year)
    {
        var birthday = Birthday.ParseIso(text, Today, "birthday").Value;

        Assert.Equal((day, month, year), (birthday.Day, birthday.Month, birthday.Year));
    }

    [Theory]
    [InlineData("31.12.1990")]
    [InlineData("31-12")]
    [InlineData("1990-12-31-1")]
    [InlineData("90-12-31")]
    [InlineData("1990-2-3")]
    [InlineData("1999-02-29")]
    [InlineData("2026-01-01")]
    [InlineData("13-01")]
    [InlineData("ab-cd")]
    [InlineData("")]
    [InlineData(null)]
    public void RefusesWhatIsNoIsoBirthdayUnderTheFieldItIsGivenIn(string? text)
    {
        var error = Birthday.ParseIso(text, Today, "birthday").Error;

        Assert.Equal((LoyaltyErrorCode.InvalidBirthday, "birthday"), (error?.Code, error?.Field));
    }
}
