using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Hosting;

/// <summary>How the executable knows a Functions host started it: the host's gRPC endpoint among its arguments.</summary>
public sealed class HostingModeTests
{
    /// <summary>What a Functions host passes a .NET isolated worker (both the current and the older switches).</summary>
    private static string[] HostArguments(int port) =>
    [
        "--host", "127.0.0.1", "--port", $"{port}", "--workerId", "w-1", "--requestId", "r-1", "--grpcMaxMessageLength", "2147483647",
        "--functions-uri", $"http://127.0.0.1:{port}/", "--functions-worker-id", "w-1", "--functions-request-id", "r-1",
        "--functions-grpc-max-message-length", "2147483647",
    ];

    [Fact]
    public void TheHostsArgumentsMakeItAWorker() => Assert.True(HostingMode.IsStartedByFunctionsHost(HostArguments(50051)));

    [Theory]
    [InlineData]
    [InlineData("--urls", "http://127.0.0.1:7071")]
    [InlineData("--environment", "Development")]
    public void WithoutTheHostsEndpointItIsStandalone(params string[] args) => Assert.False(HostingMode.IsStartedByFunctionsHost(args));

    [Fact]
    public async Task StartedWithTheHostsArgumentsItDialsTheHostAndServesNothingStandalone()
    {
        using var host = new TcpListener(IPAddress.Loopback, 0);
        host.Start();
        var standalonePort = FreePort.Next();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppProcess.AppDirectory(), RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppProcess.AppDirectory(), "LoyaltyBot.Functions.dll"));
        foreach (var arg in HostArguments(((IPEndPoint)host.LocalEndpoint).Port))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AzureWebJobsStorage"] = (await Azurite.Shared).ConnectionString;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{standalonePort}";
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = AppProcess.AppDirectory();
        using var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var worker = await host.AcceptTcpClientAsync(timeout.Token);

            using var probe = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, standalonePort));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
