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
        var record = new Recorder(count);
        var running = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond) - record.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            var index = i;
            running.Add(Task.Run(() => record.RunAsync(index, operation)));
        }

        await Task.WhenAll(running);
        return record.Result();
    }

    /// <summary>Runs operations 0..count-1 from <paramref name="clients"/> concurrent workers, each taking the next index when done.</summary>
    public static async Task<LoadResult> RunAsync(int count, int clients, Func<int, Task<string?>> operation)
    {
        var record = new Recorder(count);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await record.RunAsync(i, operation);
            }
        })));
        return record.Result();
    }

    /// <summary>Each operation's latency and the failures, from the first start.</summary>
    private sealed class Recorder(int count)
    {
        private readonly double[] latencies = new double[count];
        private readonly long started = Stopwatch.GetTimestamp();
        private int failures;
        private string? firstFailure;

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(started);

        public async Task RunAsync(int index, Func<int, Task<string?>> operation)
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
        }

        public LoadResult Result() => new(count, Elapsed, latencies, failures, firstFailure);
    }
}
