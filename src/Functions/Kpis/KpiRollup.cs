using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Telemetry;

namespace LoyaltyBot.Functions.Kpis;

public sealed record KpiRollupSummary(IReadOnlyList<DateOnly> Days, int LateDaysFolded);

/// <summary>
/// Folds the deltas of each day over into per-shard summaries, from the day after the last one rolled up (JobProgress
/// <c>KpiRollup</c>; at first the earliest day with a delta), then folds again the shard-days marked late. A day is over
/// an hour after it ends in the program's zone, so a delta stamped by an instance whose clock is a little behind still
/// finds its day open or marks it late. Running it again, or on two instances at once, changes nothing.
/// </summary>
public sealed partial class KpiRollup(KpiDeltas deltas, KpiSummaries summaries, JobProgress progress, ProgramStore program, TimeProvider time, ILogger<KpiRollup> logger)
{
    public const string JobName = "KpiRollup";

    /// <summary>How long after its end a day is rolled up: more than any delay between an operation's commit and its delta's write.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    public async Task<KpiRollupSummary> RunAsync(CancellationToken cancellationToken)
    {
        using var run = LoyaltyMetrics.StartJob(JobName);
        var zone = (await program.GetAsync(cancellationToken)).Zone;
        var lastOver = KpiKeys.DayOf(time.GetUtcNow() - Grace, zone).AddDays(-1);
        var done = await progress.DoneThroughAsync(JobName, cancellationToken);
        var first = done?.AddDays(1) ?? await FirstDayAsync(cancellationToken);
        var days = new List<DateOnly>();
        for (var day = first ?? lastOver.AddDays(1); day <= lastOver; day = day.AddDays(1))
        {
            await Task.WhenAll(KpiKeys.Shards.Select(shard =>
                summaries.KeepAsync(shard, day, async () => KpiShardDay.Fold(await deltas.ReadAsync(shard, day, cancellationToken)), cancellationToken)));
            // Only once the whole day is kept: a run that fails midway leaves the day to the next, which folds it again harmlessly.
            await progress.AdvanceAsync(JobName, day, cancellationToken);
            days.Add(day);
        }

        var late = 0;
        var rolledThrough = await progress.DoneThroughAsync(JobName, cancellationToken);
        // The marks are read before the deltas they stand for: one made after this read keeps its newer ETag and stays.
        foreach (var mark in (await summaries.LateAsync(cancellationToken)).Where(l => l.Day <= rolledThrough))
        {
            if (await summaries.KeepAsync(mark.Shard, mark.Day, async () => KpiShardDay.Fold(await deltas.ReadAsync(mark.Shard, mark.Day, cancellationToken)), cancellationToken))
            {
                await summaries.ClearLateAsync(mark, cancellationToken);
                late++;
            }
        }

        LogRolledUp(logger, days.Count, late);
        run.Succeeded();
        return new KpiRollupSummary(days, late);
    }

    private async Task<DateOnly?> FirstDayAsync(CancellationToken cancellationToken) =>
        (await Task.WhenAll(KpiKeys.Shards.Select(shard => deltas.FirstDayAsync(shard, cancellationToken)))).Min();

    [LoggerMessage(Level = LogLevel.Information, Message = "KPI roll-up: {Days} days rolled up, {Late} shard-days written late folded again")]
    private static partial void LogRolledUp(ILogger logger, int days, int late);
}
