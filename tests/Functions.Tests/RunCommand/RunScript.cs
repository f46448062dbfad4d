using System.Diagnostics;
using System.Globalization;
using System.Text;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.RunCommand;

/// <summary>The ports <c>run.sh</c> reads from its settings: free ones, so that a run never meets another test's.</summary>
public sealed record RunPorts(int App, int Blob, int Queue, int Table)
{
    public static RunPorts Free() => new(FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());

    public Uri AppUrl => new($"http://127.0.0.1:{App}");
}

/// <summary>
/// <c>./run.sh</c> started as from a terminal: in a process group of its own, with SIGINT at its default (a job a
/// shell puts in the background would have it ignored), so <see cref="Interrupt"/> is what Ctrl+C does.
/// </summary>
public sealed class RunScript : IAsyncDisposable
{
    /// <summary>The tests that start run.sh take turns: each builds the app into the same folder.</summary>
    public const string Collection = "run.sh";

    private readonly Process process;
    private readonly StringBuilder output = new();

    private RunScript(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Everything run.sh and what it started wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static RunScript Start(RunPorts ports)
    {
        var start = new ProcessStartInfo("env") { WorkingDirectory = RepositoryRoot.Path, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--default-signal=INT", "setsid", "bash", "run.sh" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_URLS"] = ports.AppUrl.ToString().TrimEnd('/');
        start.Environment["AZURITE_BLOB_PORT"] = ports.Blob.ToString(CultureInfo.InvariantCulture);
        start.Environment["AZURITE_QUEUE_PORT"] = ports.Queue.ToString(CultureInfo.InvariantCulture);
        start.Environment["AZURITE_TABLE_PORT"] = ports.Table.ToString(CultureInfo.InvariantCulture);
        return new RunScript(Process.Start(start) ?? throw new InvalidOperationException("Could not start run.sh."));
    }

    /// <summary>Whether run.sh ended within <paramref name="patience"/>.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGINT to run.sh's process group, as Ctrl+C in its terminal sends it to every process of the job.</summary>
    public async Task InterruptAsync()
    {
        Assert.Equal(Id, ProcessGroupOf(Id));
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-INT", "--", $"-{Id}" }, UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The processes run.sh started and that are still running (Azurite and the app), by their command lines.</summary>
    public IReadOnlyDictionary<int, string> Children()
    {
        var children = new Dictionary<int, string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && TryReadStat(pid) is { } stat && stat.ParentId == Id && stat.State != 'Z')
            {
                children[pid] = ReadOrEmpty(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
            }
        }

        return children;
    }

    public static bool IsRunning(int pid) => TryReadStat(pid) is { State: not 'Z' };

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static int ProcessGroupOf(int pid) => TryReadStat(pid)?.GroupId ?? throw new InvalidOperationException($"No process {pid}.");

    /// <summary>Fields of /proc/&lt;pid&gt;/stat after the command's name, which may itself hold spaces and parentheses.</summary>
    private static (char State, int ParentId, int GroupId)? TryReadStat(int pid)
    {
        var stat = ReadOrEmpty($"/proc/{pid}/stat");
        var afterName = stat.LastIndexOf(')');
        if (afterName < 0)
        {
            return null;
        }

        var fields = stat[(afterName + 2)..].Split(' ');
        return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture));
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
