using LoyaltyBot.Functions.Storage;
using Microsoft.Extensions.Configuration;

namespace LoyaltyBot.Functions.Tests.Storage;

/// <summary>AzureWebJobsStorage read as the Functions host reads it: a connection string, or an identity-based connection.</summary>
public sealed class StorageConnectionTests
{
    private static StorageConnection From(params (string Key, string Value)[] settings) =>
        StorageConnection.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void AConnectionStringIsUsedAsItIs()
    {
        var connection = From(("AzureWebJobsStorage", "UseDevelopmentStorage=true"));

        Assert.False(connection.IsIdentityBased);
        Assert.Equal("UseDevelopmentStorage=true", connection.ConnectionString);
    }

    [Fact]
    public void AnAccountNameGivesTheServiceUrisOfThatAccountAndTheAppsIdentity()
    {
        var connection = From(("AzureWebJobsStorage:accountName", "loyaltydata"));

        Assert.True(connection.IsIdentityBased);
        Assert.NotNull(connection.Credential);
        Assert.Equal(new Uri("https://loyaltydata.table.core.windows.net"), connection.TableServiceUri);
        Assert.Equal(new Uri("https://loyaltydata.queue.core.windows.net"), connection.QueueServiceUri);
        Assert.Equal(new Uri("https://loyaltydata.blob.core.windows.net"), connection.BlobServiceUri);
    }

    [Fact]
    public void AnExplicitServiceUriWinsOverTheOneDerivedFromTheAccountName()
    {
        var connection = From(("AzureWebJobsStorage:accountName", "loyaltydata"), ("AzureWebJobsStorage:queueServiceUri", "https://queues.example.net"));

        Assert.Equal(new Uri("https://queues.example.net"), connection.QueueServiceUri);
        Assert.Equal(new Uri("https://loyaltydata.table.core.windows.net"), connection.TableServiceUri);
    }

    [Fact]
    public void TheThreeServiceUrisAloneAreAConnection()
    {
        var connection = From(
            ("AzureWebJobsStorage:tableServiceUri", "https://t.example.net"),
            ("AzureWebJobsStorage:queueServiceUri", "https://q.example.net"),
            ("AzureWebJobsStorage:blobServiceUri", "https://b.example.net"));

        Assert.Equal((new Uri("https://t.example.net"), new Uri("https://q.example.net"), new Uri("https://b.example.net")),
            (connection.TableServiceUri, connection.QueueServiceUri, connection.BlobServiceUri));
    }

    [Fact]
    public void WithoutAnyOfThemTheErrorNamesTheSettings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => From(("AzureWebJobsStorage:queueServiceUri", "https://q.example.net")));

        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIdentityBasedAccountGivesClientsOnItsServiceUris()
    {
        var storage = new StorageAccount(From(("AzureWebJobsStorage:accountName", "loyaltydata")), new StorageRequestCounter());

        Assert.Equal(("loyaltydata", "loyaltydata", "loyaltydata"), (storage.Tables.AccountName, storage.Queues.AccountName, storage.Blobs.AccountName));
        Assert.Equal(new Uri("https://loyaltydata.queue.core.windows.net/"), storage.Queues.Uri);
    }
}
