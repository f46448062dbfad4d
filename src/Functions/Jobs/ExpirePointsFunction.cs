using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Ledger;

namespace LoyaltyBot.Functions.Jobs;

/// <summary>Timer <c>ExpirePoints</c>: the expiry run over the last days' index partitions; returns its counts.</summary>
public sealed class ExpirePointsFunction(ExpiryRun expiry) : IFunctionHandler
{
    public async Task<object?> RunAsync(FunctionInvocation invocation, CancellationToken cancellationToken) =>
        await expiry.RunAsync(cancellationToken);
}
