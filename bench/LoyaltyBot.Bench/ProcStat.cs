using System.Globalization;

namespace LoyaltyBot.Bench;

/// <summary>What Linux's /proc says about a process: its peak resident set and the CPU time it used.</summary>
internal static class ProcStat
{
    private static readonly double TicksPerSecond = 100; // USER_HZ; 100 on every Linux that .NET runs on.

    /// <summary>VmHWM of /proc/&lt;pid&gt;/status in bytes; null when there is no such file.</summary>
    public static long? PeakResidentBytes(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }

    /// <summary>User plus system CPU time of the process so far (fields 14 and 15 of /proc/&lt;pid&gt;/stat).</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var path = $"/proc/{pid}/stat";
        if (!File.Exists(path))
        {
            return TimeSpan.Zero;
        }

        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var stat = File.ReadAllText(path);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
