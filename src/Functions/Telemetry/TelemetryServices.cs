using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LoyaltyBot.Functions.Telemetry;

/// <summary>Where traces and metrics go: Application Insights, an OTLP collector, the console; none of them by default.</summary>
public sealed record TelemetrySettings(string? ApplicationInsightsConnectionString, string? OtlpEndpoint, bool Console)
{
    public const string ApplicationInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ConsoleSetting = "Telemetry:Console";

    public bool ExportsAnything => ApplicationInsightsConnectionString is not null || OtlpEndpoint is not null || Console;

    public static TelemetrySettings From(IConfiguration configuration) => new(
        NullIfEmpty(configuration[ApplicationInsightsSetting]),
        NullIfEmpty(configuration[OtlpEndpointSetting]),
        configuration.GetValue<bool>(ConsoleSetting));

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

public static class TelemetryServices
{
    /// <summary>
    /// OpenTelemetry for the app's spans and meters, ASP.NET Core, HttpClient and the runtime, exported where
    /// <see cref="TelemetrySettings"/> says. With no exporter nothing is registered: spans are not even created, and the
    /// meter still answers <c>dotnet-counters</c>.
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = TelemetrySettings.From(configuration);
        if (!settings.ExportsAnything)
        {
            return services;
        }

        // Under the Functions host: links the worker's spans to the host's invocation and tells the host not to report them twice.
        var telemetry = services.AddLoyaltyOpenTelemetry().UseFunctionsWorkerDefaults();
        if (settings.ApplicationInsightsConnectionString is { } connectionString)
        {
            telemetry.WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = connectionString))
                .WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = connectionString));
        }

        if (settings.OtlpEndpoint is not null)
        {
            // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and the other standard OTEL_EXPORTER_OTLP_* settings) itself.
            telemetry.WithTracing(tracing => tracing.AddOtlpExporter()).WithMetrics(metrics => metrics.AddOtlpExporter());
        }

        if (settings.Console)
        {
            telemetry.WithTracing(tracing => tracing.AddConsoleExporter()).WithMetrics(metrics => metrics.AddConsoleExporter());
        }

        return services;
    }

    /// <summary>
    /// The sources, meters and instrumentation, with URLs redacted before any exporter sees a span; exporters are added
    /// after it (tests add an in-memory one).
    /// </summary>
    public static IOpenTelemetryBuilder AddLoyaltyOpenTelemetry(this IServiceCollection services) =>
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(LoyaltyTelemetry.Name))
            .WithTracing(tracing => tracing
                .AddSource(LoyaltyTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddProcessor(new UrlRedactingProcessor()))
            .WithMetrics(metrics => metrics
                .AddMeter(LoyaltyTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                // The runtime's own meter (GC, thread pool, exceptions) since .NET 9.
                .AddMeter("System.Runtime"));
}
