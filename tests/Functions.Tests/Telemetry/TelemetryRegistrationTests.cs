using LoyaltyBot.Functions.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LoyaltyBot.Functions.Tests.Telemetry;

/// <summary>OpenTelemetry is set up only when something is to be exported.</summary>
public sealed class TelemetryRegistrationTests
{
    [Fact]
    public void WithNoExporterConfiguredNothingIsRegistered()
    {
        using var services = Build([]);

        Assert.Null(services.GetService<TracerProvider>());
        Assert.Null(services.GetService<MeterProvider>());
    }

    [Theory]
    [InlineData(TelemetrySettings.ConsoleSetting, "true")]
    [InlineData(TelemetrySettings.OtlpEndpointSetting, "http://127.0.0.1:4318")]
    [InlineData(TelemetrySettings.ApplicationInsightsSetting, "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/")]
    public void AnyExporterSettingSetsUpTracesAndMetrics(string setting, string value)
    {
        using var services = Build(new() { [setting] = value });

        Assert.NotNull(services.GetService<TracerProvider>());
        Assert.NotNull(services.GetService<MeterProvider>());
    }

    [Fact]
    public void AnEmptyConnectionStringExportsNothing()
    {
        var settings = TelemetrySettings.From(Configuration(new() { [TelemetrySettings.ApplicationInsightsSetting] = "", [TelemetrySettings.ConsoleSetting] = "false" }));

        Assert.False(settings.ExportsAnything);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTelemetry(Configuration(settings));
        return services.BuildServiceProvider();
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
