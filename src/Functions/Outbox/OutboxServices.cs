namespace LoyaltyBot.Functions.Outbox;

public static class OutboxServices
{
    /// <summary>The <c>notifications</c> queue as the services that post to it see it; the bot delivers what it holds.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.AddSingleton<Notifier>();
        return services;
    }
}
