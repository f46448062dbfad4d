using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Admin;

/// <summary>
/// The storage requests this process has sent since start or the last reset, by kind ("table GET", "queue DELETE"...)
/// and by kind and table or queue ("table GET Customers", "queue DELETE purchases"...), and the bytes of their bodies:
/// sent and received, in all and by kind and table or queue.
/// </summary>
public sealed record StorageRequestCounts(
    long Total,
    IReadOnlyDictionary<string, long> ByKind,
    IReadOnlyDictionary<string, long> ByResource,
    long BytesSent,
    long BytesReceived,
    IReadOnlyDictionary<string, long> BytesSentByResource,
    IReadOnlyDictionary<string, long> BytesReceivedByResource);

/// <summary>
/// <c>GET /api/admin/storage-requests</c> reads <see cref="StorageRequestCounter"/>, <c>DELETE</c> resets it; admin key
/// required. The benchmarks read it to hold the request and byte budget of the webhook and of accrual. Standalone only: under
/// the Functions host, only declared functions are forwarded.
/// </summary>
public static class StorageRequestsEndpoint
{
    public const string Route = "/api/admin/storage-requests";

    public static IEndpointRouteBuilder MapStorageRequests(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, (StorageRequestCounter counter) =>
            {
                var counts = counter.Counts();
                return Results.Ok(new StorageRequestCounts(counts.Sum(c => c.Count),
                    Sorted(StorageRequestCounter.ByKind(counts)), Sorted(StorageRequestCounter.ByResource(counts)),
                    counts.Sum(c => c.BytesSent), counts.Sum(c => c.BytesReceived),
                    Sorted(StorageRequestCounter.BytesByResource(counts, received: false)), Sorted(StorageRequestCounter.BytesByResource(counts, received: true))));
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

    private static SortedDictionary<string, long> Sorted(IReadOnlyDictionary<string, long> counts) =>
        new(counts.ToDictionary(), StringComparer.Ordinal);
}
