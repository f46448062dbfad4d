using Azure.Data.Tables;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LoyaltyBot.Functions.Tests.Merchants;

/// <summary>The throttle's counts in the Throttle table, as several app instances share them.</summary>
public sealed class LookupThrottleTests
{
    private static readonly LookupThrottleOptions Limits = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 30, TimeSpan.Zero));
    private readonly string merchantId = "m-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task FailuresSeenByOneInstanceThrottleTheOther()
    {
        var (first, _) = await InstanceAsync();
        var (second, _) = await InstanceAsync();

        await FailAsync(first, "203.0.113.1", Limits.FailuresPerAddress);

        using var sameTill = await second.EnterAsync(merchantId, "203.0.113.1", default);
        using var otherTill = await second.EnterAsync(merchantId, "203.0.113.2", default);
        Assert.Equal(TimeSpan.FromSeconds(270), sameTill.RetryAfter); // 12:00:30 in the window 12:00–12:05.
        Assert.Null(otherTill.RetryAfter);
    }

    [Fact]
    public async Task TheMerchantsLimitCountsTheFailuresOfEveryInstanceAndAddress()
    {
        var (first, _) = await InstanceAsync();
        var (second, _) = await InstanceAsync();

        for (var i = 0; i < Limits.FailuresPerMerchant; i++)
        {
            await FailAsync(i % 2 == 0 ? first : second, $"198.51.100.{i}", 1);
        }

        using var permit = await first.EnterAsync(merchantId, "198.51.100.250", default);
        Assert.NotNull(permit.RetryAfter);
    }

    [Fact]
    public async Task TheNextWindowStartsFromNothing()
    {
        var (throttle, _) = await InstanceAsync();
        await FailAsync(throttle, "203.0.113.3", Limits.FailuresPerAddress);

        clock.Advance(TimeSpan.FromMinutes(4.5));

        using var permit = await throttle.EnterAsync(merchantId, "203.0.113.3", default);
        Assert.Null(permit.RetryAfter);
    }

    [Fact]
    public async Task TheCheckIsOneStorageRequestAndOnlyAFailureWrites()
    {
        var (throttle, storage) = await InstanceAsync();
        await FailAsync(throttle, "203.0.113.4", 2);
        var counter = storage.Counter;
        counter.Reset();

        using (var permit = await throttle.EnterAsync(merchantId, "203.0.113.4", default))
        {
            Assert.Null(permit.RetryAfter);
        }

        Assert.Equal(1, counter.Total);
    }

    [Fact]
    public async Task TheTableHoldsNoTillAddress()
    {
        var (throttle, storage) = await InstanceAsync();

        await FailAsync(throttle, "203.0.113.5", 3);

        var rows = await storage.Table(TableNames.Throttle).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {merchantId} and PartitionKey lt {merchantId + "~"}")).ToListAsync();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.DoesNotContain("203.0.113.5", string.Join(",", r.Select(p => $"{p.Key}={p.Value}")), StringComparison.Ordinal));
    }

    [Fact]
    public void TheLimitsAndTheWindowComeFromTheMerchantThrottleSettings()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MerchantThrottle:FailuresPerAddress"] = "3",
            ["MerchantThrottle:FailuresPerMerchant"] = "12",
            ["MerchantThrottle:Window"] = "00:01:00",
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(settings).AddMerchants().BuildServiceProvider();

        var limits = services.GetRequiredService<IOptions<LookupThrottleOptions>>().Value;

        Assert.Equal((3, 12, TimeSpan.FromMinutes(1)), (limits.FailuresPerAddress, limits.FailuresPerMerchant, limits.Window));
    }

    private async Task<(LookupThrottle Throttle, StorageAccount Storage)> InstanceAsync()
    {
        var storage = await TestStorage.CreateAsync();
        return (new LookupThrottle(storage, clock, Options.Create(Limits), NullLogger<LookupThrottle>.Instance), storage);
    }

    private async Task FailAsync(LookupThrottle throttle, string address, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var permit = await throttle.EnterAsync(merchantId, address, default);
            Assert.Null(permit.RetryAfter);
            await permit.FailedAsync(default);
        }
    }
}
