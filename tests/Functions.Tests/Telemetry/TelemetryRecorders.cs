using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using LoyaltyBot.Functions.Telemetry;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace LoyaltyBot.Functions.Tests.Telemetry;

/// <summary>The telemetry tests run alone: the meter is the process's, so another test's app would count too.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryRunsAlone
{
    public const string Name = "Telemetry";
}

/// <summary>
/// The real app with the bot on (Bot API double) and the app's own OpenTelemetry set-up, exporting its spans to
/// <see cref="Spans"/> in memory instead of to Application Insights: each span as an exporter would get it.
/// </summary>
public sealed class TelemetryApp : BotApp
{
    public SpanRecorder Spans { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddLoyaltyOpenTelemetry().WithTracing(tracing => tracing.AddProcessor(Spans));
}

/// <summary>Every span ended after the app's own processors ran, in the order they ended.</summary>
public sealed class SpanRecorder : BaseProcessor<Activity>
{
    private readonly ConcurrentQueue<Activity> ended = new();

    public IReadOnlyList<Activity> Ended => [.. ended];

    public override void OnEnd(Activity data) => ended.Enqueue(data);

    /// <summary>Waits for a span matching <paramref name="match"/> and returns it.</summary>
    public Task<Activity> WaitForAsync(Func<Activity, bool> match, string what) =>
        FunctionsHarness.EventuallyAsync(() => Task.FromResult(ended.FirstOrDefault(match)), what);
}

public sealed record Measurement(string Instrument, string Meter, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.GetValueOrDefault(name)?.ToString();
}

/// <summary>Every measurement of every instrument in the process (the app's meter, ASP.NET Core's, HttpClient's, the runtime's) from creation to dispose.</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<Measurement> measurements = new();

    public MetricRecorder()
    {
        listener.InstrumentPublished = (instrument, l) => l.EnableMeasurementEvents(instrument);
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        listener.Start();
    }

    public IReadOnlyList<Measurement> All => [.. measurements];

    public IReadOnlyList<Measurement> Of(string instrument) => [.. measurements.Where(m => m.Instrument == instrument && m.Meter == LoyaltyTelemetry.Name)];

    /// <summary>The sum of <paramref name="instrument"/>'s measurements whose tags include every one of <paramref name="tags"/>.</summary>
    public double Sum(string instrument, params (string Name, string? Value)[] tags) =>
        Of(instrument).Where(m => tags.All(t => m.Tag(t.Name) == t.Value)).Sum(m => m.Value);

    public Task WaitForAsync(string instrument, params (string Name, string? Value)[] tags) =>
        FunctionsHarness.EventuallyAsync(() => Task.FromResult(Sum(instrument, tags) > 0), $"{instrument} was recorded");

    public void Dispose() => listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        measurements.Enqueue(new Measurement(instrument.Name, instrument.Meter.Name, value, copy));
    }
}
