using LoyaltyBot.Functions.Hosting;

namespace LoyaltyBot.Functions.Broadcasts;

public static class BroadcastServices
{
    /// <summary>The owner's broadcasts and the SendBroadcast function that fans them out onto the notifications queue.</summary>
    public static IServiceCollection AddBroadcasts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<BroadcastStore>();
        services.AddSingleton<BroadcastSender>();
        services.AddFunctionMethods<SendBroadcastFunction>(configuration);
        return services;
    }
}
