using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace LoyaltyBot.Functions.Storage;

/// <summary>
/// How many requests of one kind ("table GET") went to one table or queue ("Customers"; empty when the URL names none),
/// and the bytes of their bodies: sent (request content) and received (response content).
/// </summary>
public sealed record StorageRequestCount(string Kind, string Resource, long Count, long BytesSent = 0, long BytesReceived = 0);

/// <summary>
/// Counts every HTTP request the Azure SDK clients send, by service and kind ("table GET", "table POST $batch",
/// "queue DELETE"...), including SDK retries, and by the table or queue addressed ("table GET Customers", "queue DELETE
/// purchases"), with the bytes of request and response bodies (headers not counted). Benchmarks and tests read it to hold
/// the request budget of a feature. Each client gets its own
/// <see cref="PolicyFor"/>, so the service is the client's, not guessed from the URL (on Azurite a table insert and a
/// queue creation look alike: a POST or PUT to <c>/account/name</c>).
/// </summary>
public sealed class StorageRequestCounter
{
    private readonly ConcurrentDictionary<(string Kind, string Resource), Tally> counts = new();

    public long Total => counts.Values.Sum(t => t.Requests);

    /// <summary>Requests by kind: "table GET", "table POST $batch", "queue DELETE"...</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => ByKind(Counts());

    /// <summary>Every count so far, by kind and table or queue, at one moment.</summary>
    public IReadOnlyList<StorageRequestCount> Counts() =>
        [.. counts.Select(c => new StorageRequestCount(c.Key.Kind, c.Key.Resource, c.Value.Requests, c.Value.BytesSent, c.Value.BytesReceived))];

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

    /// <summary>Body bytes by kind and table or queue, as <see cref="ByResource"/> names them: sent, or received when <paramref name="received"/>.</summary>
    public static IReadOnlyDictionary<string, long> BytesByResource(IEnumerable<StorageRequestCount> counts, bool received) =>
        Sum(counts, c => c.Resource.Length == 0 ? c.Kind : $"{c.Kind} {c.Resource}", c => received ? c.BytesReceived : c.BytesSent);

    /// <summary>
    /// The body's length: a request's content as the SDK computes it, a response's buffered content (the SDK buffers all
    /// but downloads) or else its Content-Length; 0 when there is none or its length is unknown.
    /// </summary>
    public static long RequestBytes(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Content is { } content && content.TryComputeLength(out var length) ? length : 0;
    }

    public static long ResponseBytes(Response? response) => response switch
    {
        null => 0,
        { ContentStream: MemoryStream buffered } => buffered.Length,
        _ => response.Headers.ContentLength ?? 0,
    };

    private static Dictionary<string, long> Sum(IEnumerable<StorageRequestCount> counts, Func<StorageRequestCount, string> name, Func<StorageRequestCount, long>? value = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var count in counts)
        {
            sums[name(count)] = sums.GetValueOrDefault(name(count)) + (value?.Invoke(count) ?? count.Count);
        }

        return sums;
    }

    /// <summary>Counted as it is sent, so a request that never gets an answer still counts; its response's bytes once it has one.</summary>
    private Tally Count(string service, HttpMessage message)
    {
        var tally = counts.GetOrAdd((Describe(service, message.Request), Resource(message.Request)), _ => new Tally());
        tally.Add(requests: 1, sent: RequestBytes(message.Request), received: 0);
        return tally;
    }

    private static void Received(Tally tally, HttpMessage message) =>
        tally.Add(requests: 0, sent: 0, received: message.HasResponse ? ResponseBytes(message.Response) : 0);

    private sealed class Tally
    {
        private long requests;
        private long bytesSent;
        private long bytesReceived;

        public long Requests => Interlocked.Read(ref requests);

        public long BytesSent => Interlocked.Read(ref bytesSent);

        public long BytesReceived => Interlocked.Read(ref bytesReceived);

        public void Add(long requests, long sent, long received)
        {
            Interlocked.Add(ref this.requests, requests);
            Interlocked.Add(ref bytesSent, sent);
            Interlocked.Add(ref bytesReceived, received);
        }
    }

    private sealed class CountingPolicy(StorageRequestCounter counter, string service) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ArgumentNullException.ThrowIfNull(message);
            var tally = counter.Count(service, message);
            ProcessNext(message, pipeline);
            Received(tally, message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ArgumentNullException.ThrowIfNull(message);
            var tally = counter.Count(service, message);
            await ProcessNextAsync(message, pipeline);
            Received(tally, message);
        }
    }
}
