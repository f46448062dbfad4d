using LoyaltyBot.Functions.Ledger;
using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Jobs;

/// <summary>Timer <c>ExpirePoints</c>: the expiry run over the last days' index partitions; returns its counts.</summary>
public sealed class ExpirePointsFunction(ExpiryRun expiry)
{
    /// <summary>On the schedule of app setting <c>ExpirePointsSchedule</c> (UTC; by default hourly at minute 5).</summary>
    [Function("ExpirePoints")]
    public async Task<object?> RunAsync([TimerTrigger("%ExpirePointsSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        await expiry.RunAsync(cancellationToken);
}
