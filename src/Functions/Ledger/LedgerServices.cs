namespace LoyaltyBot.Functions.Ledger;

public static class LedgerServices
{
    /// <summary>The customers' accounts and history, and the index of the days their points expire.</summary>
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.AddSingleton<ExpiryIndex>();
        services.AddSingleton<TierReviewIndex>();
        services.AddSingleton<LedgerStore>();
        services.AddSingleton<LedgerHistory>();
        return services;
    }
}
