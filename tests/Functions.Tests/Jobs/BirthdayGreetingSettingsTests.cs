using LoyaltyBot.Functions.Jobs;
using Microsoft.Extensions.Configuration;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>The app setting <c>BirthdayGreetingsHour</c>: an hour of the program's day, 10 unless set.</summary>
public sealed class BirthdayGreetingSettingsTests
{
    [Theory]
    [InlineData(null, 10)]
    [InlineData("", 10)]
    [InlineData("0", 0)]
    [InlineData("23", 23)]
    public void TheGreetingHourIsTheSettingsOrTen(string? value, int hour)
    {
        Assert.Equal(hour, BirthdayGreetingSettings.From(Settings(value)).LocalHour);
    }

    [Theory]
    [InlineData("24")]
    [InlineData("-1")]
    [InlineData("10:00")]
    public void AGreetingHourThatIsNoHourOfTheDayStopsTheApp(string value)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => BirthdayGreetingSettings.From(Settings(value)));

        Assert.Contains(BirthdayGreetingSettings.HourSetting, refused.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(string? hour) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [BirthdayGreetingSettings.HourSetting] = hour }).Build();
}
