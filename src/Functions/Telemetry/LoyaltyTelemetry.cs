using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LoyaltyBot.Functions.Telemetry;

/// <summary>
/// The app's own trace source and meter, both named <see cref="Name"/>. With no listener attached (no exporter
/// configured, no <c>dotnet-counters</c>), starting a span returns null and recording a measurement does nothing.
/// </summary>
public static class LoyaltyTelemetry
{
    public const string Name = "LoyaltyBot";

    public static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    /// <summary>A span of the app's own work, tagged with the merchant it is for when there is one.</summary>
    public static Activity? StartActivity(string name, string? merchantId = null) =>
        Source.StartActivity(name)?.SetTag(LoyaltyMetrics.MerchantIdTag, merchantId);
}
