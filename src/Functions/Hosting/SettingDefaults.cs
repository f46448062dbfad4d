using Microsoft.Extensions.Configuration.Memory;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// Defaults of the app settings that <c>[Function]</c> attributes name (<c>%ExpirePointsSchedule%</c>): the standalone
/// host reads them under every other source; under the Functions host they are app settings
/// (local.settings.example.json, the deployment's settings).
/// </summary>
public static class SettingDefaults
{
    /// <summary>Hourly at minute 5 (UTC): a lot expires at the time of day it was earned, so customers don't wait for midnight.</summary>
    public const string ExpirePointsSchedule = "0 5 * * * *";

    /// <summary>Hourly on the hour (UTC): the job itself waits for the greeting hour in the program's time zone.</summary>
    public const string BirthdayGreetingsSchedule = "0 0 * * * *";

    /// <summary>Hourly at minute 30 (UTC), off the other jobs' minutes: the job itself waits for its hour in the program's time zone.</summary>
    public const string ExpiryRemindersSchedule = "0 30 * * * *";

    /// <summary>Hourly at minute 20 (UTC): the job itself waits for the review's hour in the program's time zone.</summary>
    public const string TierReviewSchedule = "0 20 * * * *";
    /// <summary>Hourly at minute 15 (UTC): a day's KPI summaries are kept within the hour after its grace ends.</summary>
    public const string KpiRollupSchedule = "0 15 * * * *";

    public static IReadOnlyDictionary<string, string?> All { get; } = new Dictionary<string, string?>
    {
        [nameof(ExpirePointsSchedule)] = ExpirePointsSchedule,
        [nameof(BirthdayGreetingsSchedule)] = BirthdayGreetingsSchedule,
        [nameof(ExpiryRemindersSchedule)] = ExpiryRemindersSchedule,
        [nameof(TierReviewSchedule)] = TierReviewSchedule,
        [nameof(KpiRollupSchedule)] = KpiRollupSchedule,
    };

    public static IHostApplicationBuilder AddSettingDefaults(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // First, so that every other source overrides it.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = All });
        return builder;
    }
}
