using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Health;

public sealed record HealthReport(string Status, StorageHealth Storage);

public sealed record StorageHealth(bool Reachable);

public static class HealthEndpoint
{
    /// <summary><c>GET /api/health</c>: 200 always, saying whether storage answers; "degraded" when it does not.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapFunction(LoyaltyFunctions.Health, async (StorageAccount storage, CancellationToken cancellationToken) =>
            {
                var reachable = await storage.IsReachableAsync(TimeSpan.FromSeconds(3), cancellationToken);
                return Results.Ok(new HealthReport(reachable ? "healthy" : "degraded", new StorageHealth(reachable)));
            });
        return endpoints;
    }
}
