using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace LoyaltyBot.Functions.Storage;

/// <summary>
/// Counts every HTTP request the Azure SDK clients send, by service and kind ("table GET", "table POST $batch",
/// "queue DELETE"...), including SDK retries. Benchmarks and tests read it to hold the request budget of a feature.
/// </summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);

    public long Total => counts.Values.Sum();

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(counts, StringComparer.Ordinal);

    public void Reset() => counts.Clear();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        Count(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        Count(message);
        return ProcessNextAsync(message, pipeline);
    }

    public static string Describe(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Uri.Path ?? "";
        var host = request.Uri.Host ?? "";
        // Azure names the service in the host; Azurite only by its port (10000 blob, 10001 queue, 10002 table by default).
        var service = host.Contains(".table.", StringComparison.Ordinal) || path.EndsWith("$batch", StringComparison.Ordinal) || LooksLikeTable(path)
            ? "table"
            : host.Contains(".queue.", StringComparison.Ordinal) || path.Contains("/messages", StringComparison.Ordinal) ? "queue" : "other";
        return path.EndsWith("$batch", StringComparison.Ordinal) ? $"{service} {request.Method} $batch" : $"{service} {request.Method}";
    }

    /// <summary>Table requests address <c>Table(PartitionKey='..',RowKey='..')</c>, <c>Table()</c> or <c>Tables</c>.</summary>
    private static bool LooksLikeTable(string path) =>
        path.Contains('(', StringComparison.Ordinal) || path.EndsWith("/Tables", StringComparison.Ordinal);

    private void Count(HttpMessage message) => counts.AddOrUpdate(Describe(message.Request), 1, (_, n) => n + 1);
}
