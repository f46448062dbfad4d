using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LoyaltyBot.Bench;

/// <summary>
/// The repo's pinned Azurite, in memory, on free loopback ports, without its access log: one process per service
/// (<c>azurite-blob</c>, <c>azurite-queue</c>, <c>azurite-table</c>). Each Azurite process is one Node thread, and its
/// queue service stops everything else for a while once a minute to collect deleted messages, which under a benchmark's
/// load is seconds; apart, table requests go on meanwhile, and the services use both cores.
/// </summary>
internal sealed partial class Azurite : IDisposable
{
    private readonly IReadOnlyList<Process> processes;

    private Azurite(IReadOnlyList<Process> processes, int blobPort, int queuePort, int tablePort)
    {
        this.processes = processes;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public IEnumerable<int> ProcessIds => processes.Select(p => p.Id);

    // Azurite's well-known development account; it is public and works only against the emulator.
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public static async Task<Azurite> StartAsync(string repoRoot)
    {
        var started = new List<(Process Process, int Port)>();
        try
        {
            foreach (var service in new[] { "blob", "queue", "table" })
            {
                started.Add(await StartServiceAsync(repoRoot, service));
            }
        }
        catch
        {
            started.ForEach(s => Kill(s.Process));
            throw;
        }

        return new Azurite([.. started.Select(s => s.Process)], started[0].Port, started[1].Port, started[2].Port);
    }

    public void Dispose()
    {
        foreach (var process in processes)
        {
            Kill(process);
            process.Dispose();
        }
    }

    private static async Task<(Process, int)> StartServiceAsync(string repoRoot, string service)
    {
        var executable = Path.Combine(repoRoot, "node_modules", ".bin", $"azurite-{service}");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}: run `npm ci` at the repository root (./test.sh does).");
        }

        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
                     $"--{service}Host", "127.0.0.1", $"--{service}Port", "0",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var output = new StringBuilder();
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data is not null && ListeningLine().Match(e.Data) is { Success: true } match)
            {
                ready.TrySetResult(int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60))) != ready.Task)
        {
            Kill(process);
            lock (output)
            {
                throw new InvalidOperationException($"azurite-{service} did not start. Its output:\n{output}");
            }
        }

        return (process, await ready.Task);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
