using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoyaltyBot.FunctionsHostDouble;

/// <summary>
/// A stand-in for the Azure Functions host, speaking the language-worker protocol over gRPC (HTTP/2 without TLS on a
/// loopback port). It starts a built isolated worker as the host does (the command of the app's
/// <c>worker.config.json</c>, the host's arguments and environment), does the start-up handshake, asks for the function
/// metadata, loads every function, and then invokes them the way the host's triggers would.
/// </summary>
public sealed class FunctionsHostDouble : IAsyncDisposable
{
    /// <summary>The header that pairs a forwarded HTTP request with its gRPC invocation (the worker's AspNetCore extension reads it).</summary>
    public const string InvocationIdHeader = "x-ms-invocation-id";

    /// <summary>The host's own limit (RpcWorkerConstants.DefaultMaxMessageLengthBytes).</summary>
    private const int MaxMessageLength = int.MaxValue;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(60);

    private readonly WebApplication server;
    private readonly WorkerChannel channel;
    private readonly Dictionary<string, string> settings;
    private readonly StringBuilder output = new();
    private readonly HttpClient forwarder = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = InvocationTimeout };
    private Process? process;

    private FunctionsHostDouble(WebApplication server, WorkerChannel channel, string appDirectory, IReadOnlyDictionary<string, string> settings)
    {
        this.server = server;
        this.channel = channel;
        this.settings = new Dictionary<string, string>(settings, StringComparer.OrdinalIgnoreCase);
        AppDirectory = appDirectory;
    }

    /// <summary>The worker's directory: where its DLL, <c>functions.metadata</c> and <c>host.json</c> are.</summary>
    public string AppDirectory { get; }

    /// <summary>The capabilities the worker reported in its <see cref="WorkerInitResponse"/>.</summary>
    public IReadOnlyDictionary<string, string> Capabilities { get; private set; } = new Dictionary<string, string>();

    /// <summary>Where the worker listens for forwarded HTTP requests (its "HttpUri" capability), when it has ASP.NET Core integration.</summary>
    public Uri? HttpUri => Capabilities.TryGetValue("HttpUri", out var uri) ? new Uri(uri) : null;

    /// <summary>The functions as the worker reported them in its <see cref="FunctionMetadataResponse"/>, each loaded.</summary>
    public IReadOnlyList<RpcFunctionMetadata> Metadata { get; private set; } = [];

    /// <summary>The worker process's id, once started.</summary>
    public int WorkerProcessId => process?.Id ?? throw new InvalidOperationException("The worker has not been started.");

    /// <summary>The worker's log messages (<see cref="RpcLog"/>) so far.</summary>
    public IReadOnlyList<RpcLog> Logs => channel.Logs;

    /// <summary>What the worker process wrote to stdout and stderr so far.</summary>
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
    /// Starts the double's gRPC server, then the worker at <paramref name="workerDllPath"/> with <paramref name="settings"/>
    /// as its app settings (environment variables, as in Azure), and loads its functions.
    /// </summary>
    public static async Task<FunctionsHostDouble> StartAsync(string workerDllPath, IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        var dll = Path.GetFullPath(workerDllPath);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The worker is not built at {dll}.", dll);
        }

        var channel = new WorkerChannel();
        var server = await StartServerAsync(channel, cancellationToken);
        var host = new FunctionsHostDouble(server, channel, Path.GetDirectoryName(dll)!, settings ?? new Dictionary<string, string>());
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            await host.StartWorkerAsync(dll, timeout.Token);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The function's trigger binding (its raw binding JSON with a <c>type</c> ending in "Trigger"), as the worker reported it.</summary>
    public JsonElement Trigger(string functionName)
    {
        foreach (var raw in Function(functionName).RawBindings)
        {
            var binding = JsonSerializer.Deserialize<JsonElement>(raw);
            if (binding.GetProperty("direction").GetString() is { } direction && direction.Equals("In", StringComparison.OrdinalIgnoreCase)
                && binding.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))
            {
                return binding;
            }
        }

        throw new InvalidOperationException($"The worker reported no trigger for {functionName}.");
    }

    /// <summary>A binding expression as the host resolves it: <c>%Name%</c> becomes the app setting Name; anything else is itself.</summary>
    public string Resolve(string expression) =>
        expression.Length > 2 && expression.StartsWith('%') && expression.EndsWith('%')
            ? settings.TryGetValue(expression[1..^1], out var value) ? value : throw new InvalidOperationException($"The app setting {expression} is not set.")
            : expression;

    /// <summary>Sends the worker an <see cref="InvocationRequest"/> for <paramref name="functionName"/> and waits for its answer.</summary>
    public async Task<InvocationResponse> InvokeAsync(
        string functionName,
        IEnumerable<ParameterBinding> inputData,
        IReadOnlyDictionary<string, TypedData>? triggerMetadata = null,
        string? invocationId = null,
        CancellationToken cancellationToken = default)
    {
        var request = new InvocationRequest
        {
            InvocationId = invocationId ?? Guid.NewGuid().ToString(),
            FunctionId = Function(functionName).FunctionId,
            TraceContext = new RpcTraceContext { TraceParent = string.Empty, TraceState = string.Empty },
        };
        request.InputData.Add(inputData);
        foreach (var (name, value) in triggerMetadata ?? new Dictionary<string, TypedData>())
        {
            request.TriggerMetadata[name] = value;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(InvocationTimeout);
        var answer = await channel.RequestAsync(new StreamingMessage { InvocationRequest = request }, timeout.Token);
        return answer.InvocationResponse ?? throw new InvalidOperationException($"The worker answered the invocation of {functionName} with {answer.ContentCase}.");
    }

    /// <summary>Invokes a queue function as the host's queue trigger does when it dequeues a message with <paramref name="messageText"/>.</summary>
    public Task<InvocationResponse> InvokeQueueAsync(string functionName, string messageText, long dequeueCount = 1, string? messageId = null, CancellationToken cancellationToken = default)
    {
        var trigger = Trigger(functionName);
        var message = HostTriggerData.QueueMessage(messageId ?? Guid.NewGuid().ToString(), messageText, dequeueCount, DateTimeOffset.UtcNow);
        return InvokeAsync(
            functionName,
            [new ParameterBinding { Name = trigger.GetProperty("name").GetString(), Data = HostTriggerData.QueueInput(trigger, message) }],
            HostTriggerData.QueueTriggerMetadata(message),
            cancellationToken: cancellationToken);
    }

    /// <summary>Invokes a timer function as the host's timer trigger does when its schedule comes due.</summary>
    public Task<InvocationResponse> InvokeTimerAsync(string functionName, bool isPastDue = false, CancellationToken cancellationToken = default)
    {
        var trigger = Trigger(functionName);
        return InvokeAsync(
            functionName,
            [new ParameterBinding { Name = trigger.GetProperty("name").GetString(), Data = HostTriggerData.TimerInput(DateTimeOffset.UtcNow, isPastDue) }],
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Forwards an HTTP request to an HTTP function as the host does for a worker with ASP.NET Core integration: the
    /// request goes to the worker's own listener (<see cref="HttpUri"/>) carrying <see cref="InvocationIdHeader"/>, and
    /// an <see cref="InvocationRequest"/> with the same id goes over gRPC. <paramref name="request"/>'s URI is the path
    /// and query the caller asked the host for, e.g. <c>/api/health</c>.
    /// </summary>
    public async Task<HttpInvocation> SendHttpAsync(string functionName, HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        var httpUri = HttpUri ?? throw new InvalidOperationException("The worker reported no HttpUri capability: it has no ASP.NET Core integration.");
        var trigger = Trigger(functionName);
        var pathAndQuery = request.RequestUri is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : request.RequestUri?.OriginalString ?? "/";
        var publicUri = new Uri(new Uri("http://localhost:7071"), pathAndQuery);
        var routeValues = HostTriggerData.MatchRoute(trigger, functionName, RoutePrefix(), request.Method, publicUri);

        var invocationId = Guid.NewGuid().ToString();
        request.RequestUri = new Uri(httpUri, pathAndQuery);
        request.Headers.Remove(InvocationIdHeader);
        request.Headers.Add(InvocationIdHeader, invocationId);
        var rpcHttp = HostTriggerData.HttpInput(request, publicUri, routeValues);

        // The host starts forwarding and invoking together; the worker pairs them by the invocation id.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(InvocationTimeout);
        var forwarding = forwarder.SendAsync(request, timeout.Token);
        var invocation = InvokeAsync(
            functionName,
            [new ParameterBinding { Name = trigger.GetProperty("name").GetString(), Data = new TypedData { Http = rpcHttp } }],
            HostTriggerData.HttpTriggerMetadata(routeValues, publicUri),
            invocationId,
            timeout.Token);
        await Task.WhenAll(forwarding, invocation);
        return new HttpInvocation(invocationId, await forwarding, await invocation);
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await StopWorkerAsync(process);
            process.Dispose();
        }

        forwarder.Dispose();
        await server.StopAsync();
        await server.DisposeAsync();
    }

    private static async Task<WebApplication> StartServerAsync(WorkerChannel channel, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        // The worker's gRPC client speaks HTTP/2 without TLS (ChannelCredentials.Insecure), so the server takes HTTP/2 only.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = MaxMessageLength;
            grpc.MaxSendMessageSize = MaxMessageLength;
        });
        builder.Services.AddSingleton(channel);
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        await app.StartAsync(cancellationToken);
        return app;
    }

    private Uri ServerUri()
    {
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
    }

    private async Task StartWorkerAsync(string dll, CancellationToken cancellationToken)
    {
        var workerId = Guid.NewGuid().ToString();
        process = Process.Start(WorkerStartInfo(dll, workerId, ServerUri())) ?? throw new InvalidOperationException("Could not start the worker.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync(cancellationToken);
        if (await Task.WhenAny(channel.Started, exited).WaitAsync(cancellationToken) != channel.Started)
        {
            throw new InvalidOperationException($"The worker exited with code {process.ExitCode} before it opened its event stream. Its output:\n{Output}");
        }

        if (await channel.Started != workerId)
        {
            throw new InvalidOperationException($"The worker opened its event stream as {await channel.Started}, not as the worker {workerId} it was started as.");
        }

        var init = (await channel.RequestAsync(
            new StreamingMessage { WorkerInitRequest = new WorkerInitRequest { HostVersion = "4.0.0", WorkerDirectory = AppDirectory, FunctionAppDirectory = AppDirectory } },
            cancellationToken)).WorkerInitResponse;
        EnsureSuccess(init.Result, "initialise");
        Capabilities = new Dictionary<string, string>(init.Capabilities);

        var metadata = (await channel.RequestAsync(
            new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = AppDirectory } },
            cancellationToken)).FunctionMetadataResponse;
        EnsureSuccess(metadata.Result, "report its functions");
        if (metadata.UseDefaultMetadataIndexing)
        {
            throw new NotSupportedException("The worker asked the host to index its functions itself; this double takes the worker's metadata only.");
        }

        foreach (var function in metadata.FunctionMetadataResults)
        {
            // The host names a function the worker left without an id.
            if (string.IsNullOrEmpty(function.FunctionId))
            {
                function.FunctionId = Guid.NewGuid().ToString();
            }

            var load = (await channel.RequestAsync(
                new StreamingMessage { FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function } },
                cancellationToken)).FunctionLoadResponse;
            EnsureSuccess(load.Result, $"load {function.Name}");
        }

        Metadata = [.. metadata.FunctionMetadataResults];
        if (HttpUri is { } listener)
        {
            // The worker reports its listener before Kestrel accepts on it; the host's forwarding retries until it does.
            await WaitUntilListeningAsync(listener, cancellationToken);
        }
    }

    private static async Task WaitUntilListeningAsync(Uri listener, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var client = new System.Net.Sockets.TcpClient();
            try
            {
                await client.ConnectAsync(listener.Host, listener.Port, cancellationToken);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>The command and environment the host uses for a dotnet-isolated worker (RpcWorkerContext's arguments).</summary>
    private ProcessStartInfo WorkerStartInfo(string dll, string workerId, Uri serverUri)
    {
        var (executable, workerPath) = WorkerConfig.Read(AppDirectory, dll);
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = AppDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var requestId = Guid.NewGuid().ToString();
        var maxMessageLength = MaxMessageLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.ArgumentList.Add(workerPath);
        foreach (var argument in new[]
                 {
                     "--host", serverUri.Host, "--port", serverUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", maxMessageLength,
                     "--functions-uri", serverUri.AbsoluteUri, "--functions-worker-id", workerId,
                     "--functions-request-id", requestId, "--functions-grpc-max-message-length", maxMessageLength,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        // The worker gets the host's environment, not the test runner's web settings.
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "urls", "FUNCTIONS_CUSTOMHANDLER_PORT" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = AppDirectory;
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = AppDirectory;
        start.Environment["AzureWebJobsScriptRoot"] = AppDirectory;
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private async Task StopWorkerAsync(Process worker)
    {
        try
        {
            if (worker.HasExited)
            {
                return;
            }

            // As the host does: ask the worker to stop, then end it if it has not within the grace period.
            if (channel.Started.IsCompletedSuccessfully)
            {
                await channel.SendAsync(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) } }, CancellationToken.None);
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await worker.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private RpcFunctionMetadata Function(string functionName) =>
        Metadata.SingleOrDefault(f => f.Name == functionName)
        ?? throw new ArgumentException($"The worker reported no function {functionName}; it has {string.Join(", ", Metadata.Select(f => f.Name))}.", nameof(functionName));

    /// <summary>The route prefix the host reads from host.json (<c>extensions.http.routePrefix</c>), "api" by default.</summary>
    private string RoutePrefix()
    {
        var hostJson = Path.Combine(AppDirectory, "host.json");
        if (!File.Exists(hostJson))
        {
            return "api";
        }

        using var document = JsonDocument.Parse(File.ReadAllText(hostJson), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.TryGetProperty("extensions", out var extensions)
               && extensions.TryGetProperty("http", out var http)
               && http.TryGetProperty("routePrefix", out var prefix)
            ? prefix.GetString() ?? "api"
            : "api";
    }

    private void EnsureSuccess(StatusResult? result, string what)
    {
        if (result?.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"The worker failed to {what}: {result?.Exception?.Message}\n{result?.Exception?.StackTrace}\nIts output:\n{Output}");
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

/// <summary>A forwarded HTTP request's outcome: the worker's HTTP response and its answer to the paired gRPC invocation.</summary>
public sealed record HttpInvocation(string InvocationId, HttpResponseMessage Response, InvocationResponse Invocation) : IDisposable
{
    public void Dispose() => Response.Dispose();
}
