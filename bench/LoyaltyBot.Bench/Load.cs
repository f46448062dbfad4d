using System.Diagnostics;

namespace LoyaltyBot.Bench;

/// <summary>How a batch of operations went: wall time from the first start to the last finish, and each one's latency.</summary>
internal sealed record LoadResult(int Count, TimeSpan Elapsed, double[] LatenciesMs, int Failures, string? FirstFailure)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public static LoadResult Nothing { get; } = new(0, TimeSpan.Zero, [], 0, null);

    /// <summary>Chunks run one after another, as one: their counts, times and latencies added up.</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> chunks) => new(
        chunks.Sum(c => c.Count),
        TimeSpan.FromTicks(chunks.Sum(c => c.Elapsed.Ticks)),
        [.. chunks.SelectMany(c => c.LatenciesMs)],
        chunks.Sum(c => c.Failures),
        chunks.Select(c => c.FirstFailure).FirstOrDefault(f => f is not null));

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

internal static class Load
{
    /// <summary>
    /// Starts operations 0..count-1 at a steady <paramref name="perSecond"/>, each on time whether or not the earlier ones
    /// finished (an open loop, as independent tills are): latency at a load the storage can keep up with, not queueing.
    /// </summary>
    public static async Task<LoadResult> RunPacedAsync(int count, double perSecond, Func<int, Task<string?>> operation)
    {
        var latencies = new double[count];
        var failures = 0;
        string? firstFailure = null;
        var started = Stopwatch.GetTimestamp();
        var running = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            var index = i;
            running.Add(Task.Run(async () =>
            {
                var begun = Stopwatch.GetTimestamp();
                string? failure;
                try
                {
                    failure = await operation(index);
                }
                catch (Exception ex) when (ex is HttpRequestException or Azure.RequestFailedException or TaskCanceledException)
                {
                    failure = $"{ex.GetType().Name}: {ex.Message}";
                }

                latencies[index] = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
                if (failure is not null && Interlocked.Increment(ref failures) == 1)
                {
                    firstFailure = failure;
                }
            }));
        }

        await Task.WhenAll(running);
        return new LoadResult(count, Stopwatch.GetElapsedTime(started), latencies, failures, firstFailure);
    }

    /// <summary>Runs operations 0..count-1 from <paramref name="clients"/> concurrent workers, each taking the next index when done.</summary>
    public static async Task<LoadResult> RunAsync(int count, int clients, Func<int, Task<string?>> operation)
    {
        var latencies = new double[count];
        var next = -1;
        var failures = 0;
        string? firstFailure = null;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var begun = Stopwatch.GetTimestamp();
                string? failure;
                try
                {
                    failure = await operation(i);
                }
                catch (Exception ex) when (ex is HttpRequestException or Azure.RequestFailedException or TaskCanceledException)
                {
                    failure = $"{ex.GetType().Name}: {ex.Message}";
                }

                latencies[i] = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
                if (failure is not null && Interlocked.Increment(ref failures) == 1)
                {
                    firstFailure = failure;
                }
            }
        })));
        return new LoadResult(count, Stopwatch.GetElapsedTime(started), latencies, failures, firstFailure);
    }
}
