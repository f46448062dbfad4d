using System.Diagnostics;
using System.Net;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace LoyaltyBot.Functions.Tests.Hosting;

/// <summary>The sample isolated worker (tests/SampleWorker) started and loaded by the Functions host double.</summary>
public sealed class SampleWorkerFixture : IAsyncLifetime
{
    public const string TickSchedule = "0 */5 * * * *";

    public FunctionsHostDouble.FunctionsHostDouble Host { get; private set; } = null!;

    /// <summary>tests/SampleWorker's build output in the tests' configuration.</summary>
    public static string WorkerDll()
    {
        var testsBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(AppProcess.RepoRoot(), "tests", "SampleWorker", "bin", testsBin.Parent!.Name, testsBin.Name, "LoyaltyBot.SampleWorker.dll");
    }

    public static Task<FunctionsHostDouble.FunctionsHostDouble> StartAsync() =>
        FunctionsHostDouble.FunctionsHostDouble.StartAsync(WorkerDll(), new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["TickSchedule"] = TickSchedule,
        });

    public async Task InitializeAsync() => Host = await StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>The host double itself: the handshake, metadata, each trigger's invocation and the HTTP forwarding, on a worker of its own.</summary>
public sealed class FunctionsHostDoubleTests(SampleWorkerFixture fixture) : IClassFixture<SampleWorkerFixture>
{
    private readonly FunctionsHostDouble.FunctionsHostDouble host = fixture.Host;

    [Fact]
    public void TheWorkerReportsEachFunctionWithItsTrigger()
    {
        Assert.Equal(["Echo", "Greet", "Tick"], host.Metadata.Select(f => f.Name).Order());
        Assert.Equal("samples", host.Trigger("Echo").GetProperty("queueName").GetString());
        Assert.Equal("greet/{name}", host.Trigger("Greet").GetProperty("route").GetString());
        Assert.Equal("%TickSchedule%", host.Trigger("Tick").GetProperty("schedule").GetString());
        Assert.Equal(SampleWorkerFixture.TickSchedule, host.Resolve(host.Trigger("Tick").GetProperty("schedule").GetString()!));
    }

    [Fact]
    public void TheWorkerReportsItsOwnHttpListenerAsTheHttpUriCapability()
    {
        Assert.NotNull(host.HttpUri);
        Assert.True(host.HttpUri.IsLoopback);
    }

    [Fact]
    public async Task AQueueMessageReachesTheFunctionWithItsTextAndDequeueCount()
    {
        var text = $"hello {Guid.NewGuid():N}";

        var response = await host.InvokeQueueAsync("Echo", text, dequeueCount: 3);

        Assert.Equal(StatusResult.Types.Status.Success, response.Result.Status);
        Assert.Contains(host.Logs, log => log.InvocationId == response.InvocationId && log.Message == $"Echoed {text} on delivery 3");
    }

    [Fact]
    public async Task AMessageTheFunctionThrowsOnIsReportedAsAFailedInvocation()
    {
        var response = await host.InvokeQueueAsync("Echo", "fail");

        Assert.Equal(StatusResult.Types.Status.Failure, response.Result.Status);
        Assert.Contains("This message can never be applied.", response.Result.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATimerFunctionRunsWhenInvokedAsTheTimerWould()
    {
        var response = await host.InvokeTimerAsync("Tick", isPastDue: true);

        Assert.Equal(StatusResult.Types.Status.Success, response.Result.Status);
        Assert.Contains(host.Logs, log => log.InvocationId == response.InvocationId && log.Message == "Ticked, past due: True");
    }

    [Fact]
    public async Task AnHttpRequestIsForwardedToTheWorkersListenerAndPairedWithItsInvocation()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/greet/Ann", UriKind.Relative));

        using var invocation = await host.SendHttpAsync("Greet", request);

        Assert.Equal(HttpStatusCode.OK, invocation.Response.StatusCode);
        Assert.Contains("Hello, Ann", await invocation.Response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(StatusResult.Types.Status.Success, invocation.Invocation.Result.Status);
        Assert.Equal(invocation.InvocationId, invocation.Invocation.InvocationId);
        Assert.Contains(host.Logs, log => log.Message == $"Greeted Ann for invocation {invocation.InvocationId}");
    }

    [Fact]
    public async Task ARequestOutsideTheFunctionsRouteIsRefusedBeforeItReachesTheWorker()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/elsewhere", UriKind.Relative));

        await Assert.ThrowsAsync<ArgumentException>(() => host.SendHttpAsync("Greet", request));
    }

    [Fact]
    public async Task DisposingTheDoubleStopsTheWorkerProcess()
    {
        var other = await SampleWorkerFixture.StartAsync();
        using var worker = Process.GetProcessById(other.WorkerProcessId);

        await other.DisposeAsync();

        Assert.True(worker.HasExited);
    }
}
