using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Tests.Infrastructure;

public static class TestStorage
{
    /// <summary>A storage account on the shared Azurite, tables created, with a request counter of its own.</summary>
    public static async Task<StorageAccount> CreateAsync()
    {
        var storage = new StorageAccount((await Azurite.Shared).ConnectionString, new StorageRequestCounter());
        await storage.EnsureCreatedAsync(CancellationToken.None);
        return storage;
    }
}
