using System.Globalization;

namespace LoyaltyBot.Functions.Jobs;

/// <summary>When in the program's day the birthday greetings go out: app setting <c>BirthdayGreetingsHour</c>.</summary>
public sealed record BirthdayGreetingSettings(int LocalHour = BirthdayGreetingSettings.DefaultLocalHour)
{
    public const string HourSetting = "BirthdayGreetingsHour";

    /// <summary>10 o'clock: late enough not to wake anyone, early enough to spend the gift that day.</summary>
    public const int DefaultLocalHour = 10;

    public static BirthdayGreetingSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[HourSetting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return new BirthdayGreetingSettings();
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var hour) && hour is >= 0 and <= 23
            ? new BirthdayGreetingSettings(hour)
            : throw new InvalidOperationException($"Setting {HourSetting} must be an hour of the day from 0 to 23 in the program's time zone, not '{value}'.");
    }
}
