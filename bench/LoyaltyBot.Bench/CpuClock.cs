using System.Diagnostics;

namespace LoyaltyBot.Bench;

/// <summary>
/// Wall time and the CPU time the app, Azurite (all its services, and its table service alone) and the benchmark itself
/// used over a phase: on 2 cores, who had them.
/// </summary>
internal sealed record CpuUse(TimeSpan Wall, TimeSpan App, TimeSpan Azurite, TimeSpan AzuriteTables, TimeSpan Bench)
{
    public static readonly CpuUse None = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public CpuUse Plus(CpuUse other) => new(Wall + other.Wall, App + other.App, Azurite + other.Azurite, AzuriteTables + other.AzuriteTables, Bench + other.Bench);
}

internal sealed class CpuClock(IReadOnlyList<int> azuritePids, int azuriteTablePid)
{
    public int? App { get; set; }

    public Phase Start() => new(this, Now());

    private CpuUse Now() => new(
        // Not GetTimestamp() * TicksPerSecond: in nanoseconds that product overflows every half hour of uptime.
        TimeSpan.FromSeconds((double)Stopwatch.GetTimestamp() / Stopwatch.Frequency),
        App is { } app ? ProcStat.CpuTime(app) : TimeSpan.Zero,
        TimeSpan.FromTicks(azuritePids.Sum(pid => ProcStat.CpuTime(pid).Ticks)),
        ProcStat.CpuTime(azuriteTablePid),
        Process.GetCurrentProcess().TotalProcessorTime);

    public sealed class Phase(CpuClock clock, CpuUse started)
    {
        public CpuUse Stop()
        {
            var now = clock.Now();
            return new CpuUse(now.Wall - started.Wall, now.App - started.App, now.Azurite - started.Azurite, now.AzuriteTables - started.AzuriteTables, now.Bench - started.Bench);
        }
    }
}
