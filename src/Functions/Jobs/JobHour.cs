using System.Globalization;

namespace LoyaltyBot.Functions.Jobs;

/// <summary>The app setting of a daily job's hour: from when in the program's day (0–23, its time zone) the job does that day.</summary>
public static class JobHour
{
    public static int Read(IConfiguration configuration, string setting, int defaultHour)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[setting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return defaultHour;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var hour) && hour is >= 0 and <= 23
            ? hour
            : throw new InvalidOperationException($"Setting {setting} must be an hour of the day from 0 to 23 in the program's time zone, not '{value}'.");
    }
}
