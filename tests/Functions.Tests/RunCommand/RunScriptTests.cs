using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.RunCommand;

/// <summary>A first run of <c>./run.sh</c>: a taken port, a second run, a clean start and Ctrl+C.</summary>
[Collection(RunScript.Collection)]
public sealed class RunScriptTests
{
    private static readonly TimeSpan FailFast = TimeSpan.FromSeconds(15);

    public static TheoryData<string> Settings => new() { "ASPNETCORE_URLS", "AZURITE_BLOB_PORT", "AZURITE_QUEUE_PORT", "AZURITE_TABLE_PORT" };

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task APortTakenByAnotherProgramStopsTheRunWithOneLineNamingItsSetting(string setting)
    {
        var ports = RunPorts.Free();
        var taken = setting switch
        {
            "ASPNETCORE_URLS" => ports.App,
            "AZURITE_BLOB_PORT" => ports.Blob,
            "AZURITE_QUEUE_PORT" => ports.Queue,
            _ => ports.Table,
        };
        using var other = new TcpListener(IPAddress.Loopback, taken);
        other.Start();

        await using var run = RunScript.Start(ports);

        Assert.True(await run.ExitsWithinAsync(FailFast), "run.sh still runs with a port taken. Output:\n" + run.Output);
        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains($"port {taken} ", line, StringComparison.Ordinal);
        Assert.Contains($"{setting}=", line, StringComparison.Ordinal);
        Assert.Empty(run.Children());
    }

    [Fact]
    public async Task ACleanStartPrintsNoWarningASecondRunStopsWithOneLineAndCtrlCStopsAppAndAzuriteWithinThreeSeconds()
    {
        var ports = RunPorts.Free();
        await using var first = RunScript.Start(ports);
        using var http = new HttpClient { BaseAddress = ports.AppUrl, Timeout = TimeSpan.FromSeconds(5) };
        await FunctionsHarness.EventuallyAsync(
            async () => first.HasExited ? throw new InvalidOperationException("run.sh ended:\n" + first.Output) : await AnswersAsync(http),
            "the app answers /api/health", TimeSpan.FromMinutes(4));

        Assert.DoesNotContain("warn", first.Output, StringComparison.OrdinalIgnoreCase);

        await using (var second = RunScript.Start(ports))
        {
            Assert.True(await second.ExitsWithinAsync(FailFast), "a second run.sh still runs. Output:\n" + second.Output);
            Assert.NotEqual(0, second.ExitCode);
            var line = Assert.Single(second.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains("ASPNETCORE_URLS=", line, StringComparison.Ordinal);
        }

        Assert.True(await AnswersAsync(http), "the first run stopped answering after the second one");
        var children = first.Children();
        Assert.Contains(children.Values, c => c.Contains("azurite", StringComparison.Ordinal) && c.Contains($"--tablePort {ports.Table}", StringComparison.Ordinal));
        Assert.Contains(children.Values, c => c.Contains("LoyaltyBot.Functions.dll", StringComparison.Ordinal));

        var interrupted = Stopwatch.StartNew();
        await first.InterruptAsync();
        await FunctionsHarness.EventuallyAsync(
            () => Task.FromResult(first.HasExited && !children.Keys.Any(RunScript.IsRunning)), "run.sh, the app and Azurite have stopped", TimeSpan.FromSeconds(10));

        Assert.True(interrupted.Elapsed < TimeSpan.FromSeconds(3.5), $"stopping took {interrupted.Elapsed.TotalSeconds:0.0} s. Output:\n{first.Output}");
    }

    private static async Task<bool> AnswersAsync(HttpClient http)
    {
        try
        {
            using var health = await http.GetAsync(new Uri("/api/health", UriKind.Relative));
            return health.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
