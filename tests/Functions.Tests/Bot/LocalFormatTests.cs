using LoyaltyBot.Functions.Bot;

namespace LoyaltyBot.Functions.Tests.Bot;

public sealed class LocalFormatTests
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    [Theory]
    [InlineData(1, "балл")]
    [InlineData(2, "балла")]
    [InlineData(4, "балла")]
    [InlineData(5, "баллов")]
    [InlineData(11, "баллов")]
    [InlineData(12, "баллов")]
    [InlineData(21, "балл")]
    [InlineData(22, "балла")]
    [InlineData(111, "баллов")]
    [InlineData(0, "баллов")]
    public void RussianPointsTakeThePluralFormOfTheirNumber(long count, string word) => Assert.Equal(word, LocalFormat.Points("ru", count));

    [Theory]
    [InlineData(1, "point")]
    [InlineData(2, "points")]
    [InlineData(0, "points")]
    public void EnglishPointsAreSingularForOneOnly(long count, string word) => Assert.Equal(word, LocalFormat.Points("en", count));

    [Fact]
    public void ADayIsShownInTheProgramsZoneWithTheYearOnlyWhenItIsNotThisYear()
    {
        var now = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal("1 июня", LocalFormat.Day("ru", new DateTimeOffset(2026, 5, 31, 22, 30, 0, TimeSpan.Zero), Moscow, now));
        Assert.Equal("1 June", LocalFormat.Day("en", new DateTimeOffset(2026, 5, 31, 22, 30, 0, TimeSpan.Zero), Moscow, now));
        Assert.Equal("12 марта 2024", LocalFormat.Day("ru", new DateTimeOffset(2024, 3, 12, 9, 0, 0, TimeSpan.Zero), Moscow, now));
    }

    [Theory]
    [InlineData("ru", 1500, "RUB", "1 500 ₽")]
    [InlineData("ru", 99.5, "RUB", "99,50 ₽")]
    [InlineData("en", 1500, "RUB", "1,500 ₽")]
    [InlineData("en", 12.3, "EUR", "12.30 €")]
    [InlineData("en", 1000, "JPY", "1,000 JPY")]
    public void MoneyIsWrittenAsTheLanguageWritesNumbers(string language, double amount, string currency, string expected) =>
        Assert.Equal(expected, LocalFormat.Money(language, (decimal)amount, currency).Replace('\u00a0', ' ').Replace('\u202f', ' '));
}
