using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Health;

public sealed record HealthReport(string Status, StorageHealth Storage);

public sealed record StorageHealth(bool Reachable);

public static class HealthEndpoint
{
    /// <summary>How long health waits for storage: well inside a request's bound and a load balancer's probe timeout.</summary>
    public static readonly TimeSpan StorageProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <c>GET /api/health</c>: 200 <c>{"status":"healthy","storage":{"reachable":true}}</c> when storage answers within
    /// <see cref="StorageProbeTimeout"/>, otherwise 503 problem+json with <c>"storage":{"reachable":false}</c>, so that a
    /// load balancer takes the instance out until storage is back.
    /// </summary>
    internal static async Task<IResult> CheckAsync(StorageAccount storage, CancellationToken cancellationToken) =>
        await storage.IsReachableAsync(StorageProbeTimeout, cancellationToken)
            ? Results.Ok(new HealthReport("healthy", new StorageHealth(Reachable: true)))
            : Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Unhealthy",
                detail: $"Storage did not answer within {StorageProbeTimeout.TotalSeconds:0} s.",
                extensions: new Dictionary<string, object?> { ["storage"] = new StorageHealth(Reachable: false) });
}
