using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Kpis;

/// <summary>Timer <c>KpiRollup</c>: folds the days over into the KPI summaries; returns what it did.</summary>
public sealed class KpiRollupFunction(KpiRollup rollup)
{
    /// <summary>On the schedule of app setting <c>KpiRollupSchedule</c> (UTC; by default hourly at minute 15).</summary>
    [Function("KpiRollup")]
    public async Task<object?> RunAsync([TimerTrigger("%KpiRollupSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        await rollup.RunAsync(cancellationToken);
}
