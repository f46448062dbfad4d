using LoyaltyBot.Functions.Hosting;

namespace LoyaltyBot.Functions.Jobs;

public static class JobServices
{
    /// <summary>The timer functions, run by the standalone host's schedules (and by the worker's host).</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ExpiryRun>();
        services.AddFunctionMethods<ExpirePointsFunction>(configuration);
        return services;
    }
}
