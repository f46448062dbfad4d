using Azure.Core;
using Azure.Identity;

namespace LoyaltyBot.Functions.Storage;

/// <summary>
/// How the app reaches its storage account, read as the Functions host reads <c>AzureWebJobsStorage</c>: a connection
/// string in the setting itself, or an identity-based connection, <c>AzureWebJobsStorage__accountName</c> (the
/// services' URIs derived from it) and/or <c>AzureWebJobsStorage__tableServiceUri</c>, <c>__queueServiceUri</c>,
/// <c>__blobServiceUri</c> (which win), signed in with <see cref="DefaultAzureCredential"/> (a managed identity in Azure;
/// <c>AzureWebJobsStorage__clientId</c> picks a user-assigned one).
/// </summary>
public sealed record StorageConnection(string? ConnectionString, Uri? TableServiceUri, Uri? QueueServiceUri, Uri? BlobServiceUri, TokenCredential? Credential)
{
    public const string Setting = "AzureWebJobsStorage";

    public bool IsIdentityBased => ConnectionString is null;

    public static StorageConnection FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new StorageConnection(connectionString, null, null, null, null);
    }

    /// <summary>The connection the settings describe; throws naming the settings when they describe none.</summary>
    public static StorageConnection From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[Setting] is { Length: > 0 } connectionString)
        {
            return FromConnectionString(connectionString);
        }

        var section = configuration.GetSection(Setting);
        var account = section["accountName"];
        Uri? ServiceUri(string service) =>
            section[$"{service}ServiceUri"] is { Length: > 0 } uri ? new Uri(uri)
            : account is { Length: > 0 } ? new Uri($"https://{account}.{service}.core.windows.net")
            : null;

        var (table, queue, blob) = (ServiceUri("table"), ServiceUri("queue"), ServiceUri("blob"));
        if (table is null || queue is null || blob is null)
        {
            throw new InvalidOperationException(
                $"Setting {Setting} is missing: set a connection string (UseDevelopmentStorage=true for Azurite), or {Setting}__accountName " +
                $"(or {Setting}__tableServiceUri, __queueServiceUri and __blobServiceUri) to connect with the app's identity.");
        }

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = section["clientId"] });
        return new StorageConnection(null, table, queue, blob, credential);
    }
}
