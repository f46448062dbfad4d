using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace LoyaltyBot.Functions.Storage;

/// <summary>How many requests of one kind ("table GET") went to one table or queue ("Customers"; empty when the URL names none).</summary>
public sealed record StorageRequestCount(string Kind, string Resource, long Count);

/// <summary>
/// Counts every HTTP request the Azure SDK clients send, by service and kind ("table GET", "table POST $batch",
/// "queue DELETE"...), including SDK retries, and by the table or queue addressed ("table GET Customers", "queue DELETE
/// purchases"). Benchmarks and tests read it to hold the request budget of a feature. Each client gets its own
/// <see cref="PolicyFor"/>, so the service is the client's, not guessed from the URL (on Azurite a table insert and a
/// queue creation look alike: a POST or PUT to <c>/account/name</c>).
/// </summary>
public sealed class StorageRequestCounter
{
    private readonly ConcurrentDictionary<(string Kind, string Resource), long> counts = new();

    public long Total => counts.Values.Sum();

    /// <summary>Requests by kind: "table GET", "table POST $batch", "queue DELETE"...</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => ByKind(Counts());

    /// <summary>Every count so far, by kind and table or queue, at one moment.</summary>
    public IReadOnlyList<StorageRequestCount> Counts() => [.. counts.Select(c => new StorageRequestCount(c.Key.Kind, c.Key.Resource, c.Value))];

    /// <summary>Requests by kind: "table GET", "table POST $batch", "queue DELETE"...</summary>
    public static IReadOnlyDictionary<string, long> ByKind(IEnumerable<StorageRequestCount> counts) => Sum(counts, c => c.Kind);

    /// <summary>Requests by kind and the table or queue they address: "table GET Customers", "queue DELETE purchases"...</summary>
    public static IReadOnlyDictionary<string, long> ByResource(IEnumerable<StorageRequestCount> counts) =>
        Sum(counts, c => c.Resource.Length == 0 ? c.Kind : $"{c.Kind} {c.Resource}");

    public void Reset() => counts.Clear();

    /// <summary>The pipeline policy of one service's clients: "table", "queue" or "blob".</summary>
    public HttpPipelinePolicy PolicyFor(string service)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        return new CountingPolicy(this, service);
    }

    public static string Describe(string service, Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Uri.Path ?? "";
        return path.EndsWith("$batch", StringComparison.Ordinal) ? $"{service} {request.Method} $batch" : $"{service} {request.Method}";
    }

    /// <summary>
    /// The table or queue a request addresses: <c>/[account/]Customers(PartitionKey=..)</c> → Customers,
    /// <c>/[account/]purchases/messages/id</c> → purchases; account-level requests (<c>Tables</c>, <c>$batch</c>, whose
    /// table is in the body) name what the URL ends with; a <c>$batch</c> names none, its table is in the body.
    /// </summary>
    public static string Resource(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = (request.Uri.Path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return "-";
        }

        var messages = Array.IndexOf(segments, "messages");
        var segment = messages > 0 ? segments[messages - 1] : segments[^1];
        var paren = segment.IndexOf('(', StringComparison.Ordinal);
        return segment == "$batch" ? "" : paren > 0 ? segment[..paren] : segment;
    }

    private static Dictionary<string, long> Sum(IEnumerable<StorageRequestCount> counts, Func<StorageRequestCount, string> name)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var count in counts)
        {
            sums[name(count)] = sums.GetValueOrDefault(name(count)) + count.Count;
        }

        return sums;
    }

    private void Count(string service, HttpMessage message) =>
        counts.AddOrUpdate((Describe(service, message.Request), Resource(message.Request)), 1, (_, n) => n + 1);

    private sealed class CountingPolicy(StorageRequestCounter counter, string service) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ArgumentNullException.ThrowIfNull(message);
            counter.Count(service, message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ArgumentNullException.ThrowIfNull(message);
            counter.Count(service, message);
            return ProcessNextAsync(message, pipeline);
        }
    }
}
