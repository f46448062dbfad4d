using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LoyaltyBot.Functions.Tests.Infrastructure;

/// <summary>
/// A real Azurite (the repo's pinned npm package) on free loopback ports, in memory, started once per test run and
/// killed when the run ends. Tests keep apart by using fresh customer ids, queue and table names.
/// </summary>
public sealed partial class Azurite : IAsyncDisposable
{
    private static readonly Lazy<Task<Azurite>> SharedInstance = new(StartAsync);
    private readonly Process process;

    private Azurite(Process process, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public static Task<Azurite> Shared => SharedInstance.Value;

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    // Azurite's well-known development account; it is public and works only against the emulator.
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public static async Task<Azurite> StartAsync()
    {
        var executable = FindExecutable();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
                     "--blobHost", "127.0.0.1", "--blobPort", "0",
                     "--queueHost", "127.0.0.1", "--queuePort", "0",
                     "--tableHost", "127.0.0.1", "--tablePort", "0",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (ports)
            {
                output.AppendLine(e.Data);
                if (ListeningLine().Match(e.Data) is { Success: true } match)
                {
                    ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (ports)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(60))) != ready.Task)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"Azurite did not start. Its output:\n{output}");
        }

        var azurite = new Azurite(process, ports["Blob"], ports["Queue"], ports["Table"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.Kill();
        return azurite;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Stops Azurite with SIGSTOP, as an outage looks to a client: connections are accepted, nothing answers. Disposing
    /// the answer resumes it (SIGCONT); so does <see cref="Resume"/>, which a fixture calls before it stops.
    /// </summary>
    public async Task<IAsyncDisposable> PauseAsync()
    {
        await SignalAsync("STOP");
        return new Paused(this);
    }

    public Task Resume() => process.HasExited ? Task.CompletedTask : SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {process.Id}") { UseShellExecute = false })
                         ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id} exited with {kill.ExitCode}.");
        }
    }

    /// <summary>The repo's <c>node_modules/.bin/azurite</c>, found by walking up from the test binaries.</summary>
    private static string FindExecutable()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Azurite is not installed: run ./test.sh (or `npm ci` at the repository root) first.");
    }

    private void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private sealed class Paused(Azurite azurite) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await azurite.Resume();
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
