using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace LoyaltyBot.Functions.Tests.Merchants;

public sealed class MerchantStoreTests
{
    [Fact]
    public async Task ACreatedMerchantIsFoundWithItsSecret()
    {
        var (store, _) = await StoreAsync();

        var created = await store.CreateAsync("Coffee House", CancellationToken.None);
        var found = await store.FindAsync(created.MerchantId, CancellationToken.None);

        Assert.Equal(("Coffee House", created.Secret), (found?.Name, found?.Secret));
        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        Assert.True(created.Secret.Length >= 64);
    }

    [Fact]
    public async Task RotationGivesANewSecretAndTheOldOneSignsOnlyDuringTheGrace()
    {
        var (store, time) = await StoreAsync();
        var created = await store.CreateAsync("Bakery", CancellationToken.None);

        var rotated = (await store.RotateSecretAsync(created.MerchantId, CancellationToken.None))!;

        Assert.NotEqual(created.Secret, rotated.Secret);
        Assert.Equal([rotated.Secret, created.Secret], rotated.SecretsValidAt(time.GetUtcNow()));
        Assert.Equal([rotated.Secret], rotated.SecretsValidAt(time.GetUtcNow() + MerchantStore.RotationGrace));
    }

    [Fact]
    public async Task AnUnknownOrMalformedMerchantIdFindsNothing()
    {
        var (store, _) = await StoreAsync();

        Assert.Null(await store.FindAsync("mnotthere", CancellationToken.None));
        Assert.Null(await store.FindAsync("m'; drop", CancellationToken.None));
        Assert.Null(await store.RotateSecretAsync("mnotthere", CancellationToken.None));
    }

    [Fact]
    public async Task CallsThatArriveTogetherShareOneReadOfTheMerchantAndTheNextReadComesAfterTheCacheTime()
    {
        var (store, time, storage) = await StoreWithStorageAsync();
        var created = await store.CreateAsync("Tea Room", CancellationToken.None);
        storage.Counter.Reset();

        var found = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => store.FindAsync(created.MerchantId, CancellationToken.None))));
        time.Advance(MerchantStore.CacheFor);
        await store.FindAsync(created.MerchantId, CancellationToken.None);

        Assert.All(found, merchant => Assert.Equal(created.Secret, merchant?.Secret));
        Assert.Equal(2, storage.Counter.Snapshot().GetValueOrDefault("table GET"));
    }

    private static async Task<(MerchantStore, FakeTimeProvider)> StoreAsync()
    {
        var (store, time, _) = await StoreWithStorageAsync();
        return (store, time);
    }

    private static async Task<(MerchantStore, FakeTimeProvider, StorageAccount)> StoreWithStorageAsync()
    {
        var storage = await TestStorage.CreateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        return (new MerchantStore(storage, time), time, storage);
    }
}
