namespace LoyaltyBot.Functions.Rules;

public static class RulesServices
{
    /// <summary>The program's rules and its campaigns, as the owner set them.</summary>
    public static IServiceCollection AddRules(this IServiceCollection services)
    {
        services.AddSingleton<ProgramStore>();
        services.AddSingleton<CampaignStore>();
        return services;
    }
}
