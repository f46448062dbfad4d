namespace LoyaltyBot.Functions.Offers;

public static class OffersServices
{
    /// <summary>The owner's offer rules and the personal offers they give customers.</summary>
    public static IServiceCollection AddOffers(this IServiceCollection services)
    {
        services.AddSingleton<OfferRuleStore>();
        services.AddSingleton<PersonalOffers>();
        return services;
    }
}
