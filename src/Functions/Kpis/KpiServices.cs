using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Ledger;

namespace LoyaltyBot.Functions.Kpis;

public static class KpiServices
{
    /// <summary>The KPI aggregates: deltas told of every ledger operation as it commits, their roll-up and the reports.</summary>
    public static IServiceCollection AddKpis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<KpiDeltas>();
        services.AddSingleton<ILedgerListener>(provider => provider.GetRequiredService<KpiDeltas>());
        services.AddSingleton<KpiSummaries>();
        services.AddSingleton<KpiStore>();
        services.AddSingleton<KpiRollup>();
        services.AddFunctionMethods<KpiRollupFunction>(configuration);
        return services;
    }
}
