namespace LoyaltyBot.Functions.Ledger;

public static class LedgerServices
{
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.AddSingleton<ExpiryIndex>();
        services.AddSingleton<LedgerStore>();
        services.AddSingleton<CustomerDirectory>();
        services.AddSingleton<ReferralStore>();
        services.AddSingleton<PhoneBinding>();
        services.AddSingleton<BirthdayIndex>();
        services.AddSingleton<ExpiryRun>();
        services.AddSingleton<Rules.ProgramStore>();
        services.AddSingleton<Rules.CampaignStore>();
        return services;
    }
}
