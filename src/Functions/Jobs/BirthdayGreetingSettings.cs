namespace LoyaltyBot.Functions.Jobs;

/// <summary>When in the program's day the birthday greetings go out: app setting <c>BirthdayGreetingsHour</c>.</summary>
public sealed record BirthdayGreetingSettings(int LocalHour = BirthdayGreetingSettings.DefaultLocalHour)
{
    public const string HourSetting = "BirthdayGreetingsHour";

    /// <summary>10 o'clock: late enough not to wake anyone, early enough to spend the gift that day.</summary>
    public const int DefaultLocalHour = 10;

    public static BirthdayGreetingSettings From(IConfiguration configuration) => new(JobHour.Read(configuration, HourSetting, DefaultLocalHour));
}
