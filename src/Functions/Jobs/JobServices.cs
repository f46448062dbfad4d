using LoyaltyBot.Functions.Hosting;

namespace LoyaltyBot.Functions.Jobs;

public static class JobServices
{
    /// <summary>The timer functions, run by the standalone host's schedules (and by the worker's host).</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ExpiryRun>();
        services.AddSingleton<JobProgress>();
        services.AddSingleton(BirthdayGreetingSettings.From(configuration));
        services.AddSingleton<BirthdayGreetingRun>();
        services.AddFunctionMethods<ExpirePointsFunction>(configuration);
        services.AddFunctionMethods<BirthdayGreetingsFunction>(configuration);
        services.AddSingleton(ExpiryReminderSettings.From(configuration));
        services.AddSingleton<ExpiryReminderRun>();
        services.AddFunctionMethods<ExpiryRemindersFunction>(configuration);
        services.AddSingleton<TierReviewRun>();
        services.AddFunctionMethods<TierReviewFunction>(configuration);
        return services;
    }
}
