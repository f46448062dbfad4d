using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LoyaltyBot.Bench;

/// <summary>
/// The app as a process of its own (<c>dotnet LoyaltyBot.Functions.dll</c>, standalone), configured through the
/// environment as a container would be, on a free loopback port. <see cref="ReadyAfter"/> is the time from the
/// process start until <c>GET /</c> first answered 200.
/// </summary>
internal sealed class AppProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output;

    private AppProcess(Process process, StringBuilder output, Uri baseAddress, TimeSpan readyAfter)
    {
        this.process = process;
        this.output = output;
        BaseAddress = baseAddress;
        ReadyAfter = readyAfter;
    }

    public Uri BaseAddress { get; }

    public TimeSpan ReadyAfter { get; }

    public int ProcessId => process.Id;

    /// <summary>The last of what the app wrote, for error messages.</summary>
    public string OutputTail
    {
        get
        {
            lock (output)
            {
                var text = output.ToString();
                return text.Length <= 4000 ? text : text[^4000..];
            }
        }
    }

    public static async Task<AppProcess> StartAsync(string appDll, string connectionString, string adminKey, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(appDll);
        foreach (var name in new[] { "Functions__Worker__HostEndpoint", "urls", "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["AzureWebJobsStorage"] = connectionString;
        start.Environment["AdminApiKey"] = adminKey;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (started.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {process.ExitCode} before it was ready. Its output:\n{output}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return new AppProcess(process, output, baseAddress, started.Elapsed);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer: try again.
            }

            await Task.Delay(5);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"The app did not answer GET / within 60 s. Its output:\n{output}");
    }

    /// <summary>The process's peak resident set (VmHWM of /proc/&lt;pid&gt;/status) in bytes; null off Linux.</summary>
    public long? PeakWorkingSet() => ProcStat.PeakResidentBytes(process.Id);

    public TimeSpan CpuTime() => ProcStat.CpuTime(process.Id);

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder output, string? line)
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
