using LoyaltyBot.Functions.Hosting;

namespace LoyaltyBot.Functions.Jobs;

public static class JobServices
{
    /// <summary>The timer functions' handlers.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddFunctionHandler<ExpirePointsFunction>(LoyaltyFunctions.ExpirePoints);
        return services;
    }
}
