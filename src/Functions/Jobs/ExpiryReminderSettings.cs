namespace LoyaltyBot.Functions.Jobs;

/// <summary>When in the program's day the expiry reminders go out: app setting <c>ExpiryRemindersHour</c>.</summary>
public sealed record ExpiryReminderSettings(int LocalHour = ExpiryReminderSettings.DefaultLocalHour)
{
    public const string HourSetting = "ExpiryRemindersHour";

    /// <summary>12 o'clock: the day is under way, and a reminder of the last day still leaves it to shop.</summary>
    public const int DefaultLocalHour = 12;

    public static ExpiryReminderSettings From(IConfiguration configuration) => new(JobHour.Read(configuration, HourSetting, DefaultLocalHour));
}
