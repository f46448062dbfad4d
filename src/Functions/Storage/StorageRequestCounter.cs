using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace LoyaltyBot.Functions.Storage;

/// <summary>
/// Counts every HTTP request the Azure SDK clients send, by service and kind ("table GET", "table POST $batch",
/// "queue DELETE"...), including SDK retries. Benchmarks and tests read it to hold the request budget of a feature.
/// Each client gets its own <see cref="PolicyFor"/>, so the service is the client's, not guessed from the URL (on
/// Azurite a table insert and a queue creation look alike: a POST or PUT to <c>/account/name</c>).
/// </summary>
public sealed class StorageRequestCounter
{
    private readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);

    public long Total => counts.Values.Sum();

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(counts, StringComparer.Ordinal);

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

    private void Count(string service, HttpMessage message) => counts.AddOrUpdate(Describe(service, message.Request), 1, (_, n) => n + 1);

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
