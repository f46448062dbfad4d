using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Tests.Infrastructure;

/// <summary>
/// An Azurite of one test class's own, tables created: for tests that change what every other test would share, such
/// as the program's rules. Share it per class (<c>IClassFixture&lt;StorageOfItsOwn&gt;</c>).
/// </summary>
public sealed class StorageOfItsOwn : IAsyncLifetime
{
    private Azurite azurite = null!;

    public StorageAccount Account { get; private set; } = null!;

    public string ConnectionString => azurite.ConnectionString;

    public async Task InitializeAsync()
    {
        azurite = await Azurite.StartAsync();
        Account = new StorageAccount(azurite.ConnectionString, new StorageRequestCounter());
        await Account.EnsureCreatedAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await azurite.DisposeAsync();
}
