using LoyaltyBot.Functions.Ledger;

namespace LoyaltyBot.Functions.Kpis;

public static class KpiServices
{
    /// <summary>The KPI aggregates, told of every ledger operation as it commits.</summary>
    public static IServiceCollection AddKpis(this IServiceCollection services)
    {
        services.AddSingleton<KpiStore>();
        services.AddSingleton<ILedgerListener>(provider => provider.GetRequiredService<KpiStore>());
        return services;
    }
}
