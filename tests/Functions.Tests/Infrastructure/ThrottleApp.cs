using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LoyaltyBot.Functions.Tests.Infrastructure;

/// <summary>
/// The app whose throttle on failed look-ups runs on <see cref="Clock"/>, so a test can move past a window without
/// waiting; everything else keeps real time. Moving the clock on only ever frees windows, so tests may share it.
/// </summary>
public sealed class ThrottleApp : LoyaltyApp
{
    public const string Collection = "Throttle";

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public LookupThrottleOptions Limits => Services.GetRequiredService<IOptions<LookupThrottleOptions>>().Value;

    /// <summary>Moves the throttle's clock into the next window.</summary>
    public void NextWindow() => Clock.Advance(Limits.Window);

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(sp => new LookupThrottle(
            sp.GetRequiredService<StorageAccount>(), Clock, sp.GetRequiredService<IOptions<LookupThrottleOptions>>(), sp.GetRequiredService<ILogger<LookupThrottle>>()));
}

[CollectionDefinition(ThrottleApp.Collection)]
public sealed class ThrottleAppShared : ICollectionFixture<ThrottleApp>;
