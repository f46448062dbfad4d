using LoyaltyBot.Functions.Hosting;

namespace LoyaltyBot.Functions.Storage;

/// <summary>The storage requests this process has sent since start or the last reset, by kind ("table GET", "queue DELETE"...).</summary>
public sealed record StorageRequestCounts(long Total, IReadOnlyDictionary<string, long> ByKind);

/// <summary>
/// <c>GET /api/admin/storage-requests</c> reads <see cref="StorageRequestCounter"/>, <c>DELETE</c> resets it; admin key
/// required. The benchmark reads it to hold the request budget of the webhook and of accrual. Standalone only: under
/// the Functions host, only declared functions are forwarded.
/// </summary>
public static class StorageRequestsEndpoint
{
    public const string Route = "/api/admin/storage-requests";

    public static IEndpointRouteBuilder MapStorageRequests(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, (StorageRequestCounter counter) =>
            {
                var byKind = counter.Snapshot();
                return Results.Ok(new StorageRequestCounts(byKind.Values.Sum(), new SortedDictionary<string, long>(byKind.ToDictionary(), StringComparer.Ordinal)));
            })
            .RequireAdminKey()
            .ExcludeFromDescription();
        endpoints.MapDelete(Route, (StorageRequestCounter counter) =>
            {
                counter.Reset();
                return Results.NoContent();
            })
            .RequireAdminKey()
            .ExcludeFromDescription();
        return endpoints;
    }
}
