using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Net;
using System.Net.Sockets;

namespace LoyaltyBot.Bench;

/// <summary>
/// The repo's pinned Azurite on free loopback ports, without its access log: one process per service (<c>azurite-blob</c>,
/// <c>azurite-queue</c>, <c>azurite-table</c>), so that table requests go on while the queue service is busy and the
/// services use both cores. Tables and blobs are in memory; queues are on disk, in a temporary folder, because in memory
/// each message is an extent of its own, and Azurite's once-a-minute collection of deleted ones takes time that grows with
/// the square of their number (minutes, with the queue frozen, after a few thousand); on disk messages share 64 MB extents.
/// </summary>
internal sealed class Azurite : IDisposable
{
    private readonly IReadOnlyList<Process> processes;
    private readonly string queueFolder;

    private Azurite(IReadOnlyList<Process> processes, string queueFolder, int blobPort, int queuePort, int tablePort)
    {
        this.processes = processes;
        this.queueFolder = queueFolder;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public IEnumerable<int> ProcessIds => processes.Select(p => p.Id);

    /// <summary>The table service's process (started last).</summary>
    public int TableProcessId => processes[^1].Id;

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
        var queueFolder = Directory.CreateTempSubdirectory("loyaltybot-bench-queues-").FullName;
        try
        {
            started.Add(await StartServiceAsync(repoRoot, "blob", "--inMemoryPersistence"));
            started.Add(await StartServiceAsync(repoRoot, "queue", "--location", queueFolder));
            started.Add(await StartServiceAsync(repoRoot, "table", "--inMemoryPersistence"));
        }
        catch
        {
            started.ForEach(s => Kill(s.Process));
            Directory.Delete(queueFolder, recursive: true);
            throw;
        }

        return new Azurite([.. started.Select(s => s.Process)], queueFolder, started[0].Port, started[1].Port, started[2].Port);
    }

    public void Dispose()
    {
        foreach (var process in processes)
        {
            Kill(process);
            process.Dispose();
        }

        Directory.Delete(queueFolder, recursive: true);
    }

    private static async Task<(Process, int)> StartServiceAsync(string repoRoot, string service, params string[] persistence)
    {
        var executable = Path.Combine(repoRoot, "node_modules", ".bin", $"azurite-{service}");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}: run `npm ci` at the repository root (./test.sh does).");
        }

        // A free port chosen here: azurite-table does not say which port it took when given 0.
        var port = FreePort();
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments =
        [
            "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
            $"--{service}Host", "127.0.0.1", $"--{service}Port", port.ToString(CultureInfo.InvariantCulture), .. persistence,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var waited = Stopwatch.StartNew();
        while (!await ListensAsync(port))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                Kill(process);
                lock (output)
                {
                    throw new InvalidOperationException($"azurite-{service} did not start. Its output:\n{output}");
                }
            }

            await Task.Delay(50);
        }

        return (process, port);
    }

    private static async Task<bool> ListensAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder output, string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
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
}
