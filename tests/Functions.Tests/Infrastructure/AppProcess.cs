using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LoyaltyBot.Functions.Tests.Infrastructure;

/// <summary>
/// The real app (<c>dotnet LoyaltyBot.Functions.dll</c> from the Functions project's build output) as a child process
/// on a free loopback port, with settings passed as environment variables, as a container or the Functions host would
/// start it. Ready once <c>GET /</c> answers. Its console output is kept for failure messages.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key";

    private readonly Process process;
    private readonly StringBuilder output;

    private AppProcess(Process process, StringBuilder output, Uri baseAddress)
    {
        this.process = process;
        this.output = output;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>What the app wrote to stdout and stderr so far.</summary>
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

    /// <summary>
    /// Starts the app standalone on Azurite with <see cref="AdminKey"/>. <paramref name="settings"/> add to or override the environment.
    /// </summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortAsync(settings);
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Another process took the port between our probe and the app's bind: pick another.
            }
        }
    }

    private static async Task<AppProcess> StartOnFreePortAsync(IReadOnlyDictionary<string, string>? settings)
    {
        var azurite = await Azurite.Shared;
        var dll = FindAppDll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var name in new[] { "Functions__Worker__HostEndpoint", "ASPNETCORE_URLS", "urls", "AdminApiKey", "AzureWebJobsStorage" })
        {
            start.Environment.Remove(name);
        }

        var port = FreePort();
        start.Environment["AzureWebJobsStorage"] = azurite.ConnectionString;
        start.Environment["AdminApiKey"] = AdminKey;
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var app = new AppProcess(process, output, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await app.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {process.ExitCode} before it was ready. Its output:\n{Output}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
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

            await Task.Delay(50);
        }

        throw new TimeoutException($"The app did not answer GET / within {timeout}. Its output:\n{Output}");
    }

    /// <summary>The app's own build output, src/Functions/bin/&lt;configuration&gt;/&lt;tfm&gt;, built with the tests in the same configuration.</summary>
    public static string AppDirectory()
    {
        var testsBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(RepoRoot(), "src", "Functions", "bin", testsBin.Parent!.Name, testsBin.Name);
    }

    private static string FindAppDll()
    {
        var dll = Path.Combine(AppDirectory(), "LoyaltyBot.Functions.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The app is not built at {dll}: build the solution first.", dll);
    }

    /// <summary>The repository root: the first directory up from the test binaries that holds LoyaltyBot.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoyaltyBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LoyaltyBot.sln not found above the test binaries.");
    }

    /// <summary>A port no one listens on now; the app binds it a moment later (the Functions host picks its port the same way).</summary>
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
