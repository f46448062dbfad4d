namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// Whether a Functions host started this process (it then serves the host as an isolated worker) or it runs standalone.
/// <para>
/// The host starts a worker with its gRPC endpoint on the command line, <c>--functions-uri http://127.0.0.1:&lt;port&gt;/</c>
/// (with <c>--functions-worker-id</c>, <c>--functions-request-id</c>, <c>--functions-grpc-max-message-length</c>; older hosts
/// also pass <c>--host</c>, <c>--port</c>, <c>--workerId</c>, <c>--requestId</c>). The worker maps those switches to the
/// settings <c>Functions:Worker:HostEndpoint</c>, <c>...:WorkerId</c>, <c>...:RequestId</c>, <c>...:GrpcMaxMessageLength</c>
/// (Azure/azure-functions-dotnet-worker, src/DotNetWorker/Hosting/WorkerHostBuilderExtensions.cs <c>RegisterCommandLine</c>)
/// and cannot start without <c>Functions:Worker:HostEndpoint</c> (src/DotNetWorker.Grpc/GrpcServiceCollectionExtensions.cs
/// <c>GetFunctionsHostGrpcUri</c>). So that setting, from the same switch or from the environment
/// (<c>Functions__Worker__HostEndpoint</c>), is what makes this process a worker.
/// </para>
/// </summary>
public static class HostingMode
{
    public const string HostEndpointSetting = "Functions:Worker:HostEndpoint";
    public const string HostEndpointSwitch = "--functions-uri";
    public const string DefaultStandaloneUrl = "http://localhost:7071";

    /// <summary>True when a Functions host started the process: the worker's own reading of its arguments and environment.</summary>
    public static bool IsStartedByFunctionsHost(string[] args)
    {
        var settings = new ConfigurationBuilder()
            .AddEnvironmentVariables("AZURE_FUNCTIONS_")
            .AddEnvironmentVariables()
            .AddCommandLine(args, new Dictionary<string, string> { [HostEndpointSwitch] = HostEndpointSetting })
            .Build();
        return IsWorker(settings);
    }

    /// <summary>True in the worker's configuration, where the host's endpoint is set.</summary>
    public static bool IsWorker(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[HostEndpointSetting]);

    /// <summary>Standalone, listens where ASPNETCORE_URLS says, by default where <c>func start</c> would.</summary>
    public static WebApplicationBuilder UseStandaloneUrls(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrWhiteSpace(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultStandaloneUrl);
        }

        return builder;
    }
}
