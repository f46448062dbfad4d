using System.Diagnostics;
using LoyaltyBot.Bench;

namespace LoyaltyBot.HeavyBench;

/// <summary>Latencies of calls that take turns across the accounts: call <c>c</c> of account <c>i</c>; calls before 0 warm up and are not kept.</summary>
internal sealed class Lookups(int accounts, int calls)
{
    private readonly double[][] latencies = [.. Enumerable.Range(0, accounts).Select(_ => new double[calls])];
    private readonly List<string>[] failures = [.. Enumerable.Range(0, accounts).Select(_ => new List<string>())];

    /// <summary>Runs the call; null from it is success, anything else what went wrong.</summary>
    public async Task TimeAsync(int account, int call, Func<Task<string?>> operation)
    {
        var started = Stopwatch.GetTimestamp();
        var failure = await operation();
        if (call >= 0)
        {
            latencies[account][call] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (failure is not null)
            {
                failures[account].Add(failure);
            }
        }
    }

    /// <summary>The account's calls; none when it was never called (its customer was not found).</summary>
    public LoadResult Result(int account, TimeSpan elapsed) => latencies[account].All(l => l == 0)
        ? LoadResult.Nothing
        : new(calls, elapsed, latencies[account], failures[account].Count, failures[account].FirstOrDefault());
}
