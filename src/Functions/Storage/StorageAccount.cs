using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace LoyaltyBot.Functions.Storage;

/// <summary>The storage account behind <c>AzureWebJobsStorage</c>: table, queue and blob clients that share one request counter.</summary>
public sealed class StorageAccount
{
    public const string ConnectionSetting = "AzureWebJobsStorage";

    public StorageAccount(string connectionString, StorageRequestCounter counter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(counter);
        Counter = counter;

        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        Tables = new TableServiceClient(connectionString, tableOptions);

        // Base64 message text is what the Functions queue trigger expects by default, so both hosts read the same messages.
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        Queues = new QueueServiceClient(connectionString, queueOptions);

        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        Blobs = new BlobServiceClient(connectionString, blobOptions);
    }

    public StorageRequestCounter Counter { get; }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public BlobServiceClient Blobs { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    /// <summary>Creates the tables (and later the queues) the app uses; cheap when they exist.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(TableNames.All.Select(name => Tables.CreateTableIfNotExistsAsync(name, cancellationToken)));
    }

    /// <summary>True when the table service answers within the timeout.</summary>
    public async Task<bool> IsReachableAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await Tables.GetPropertiesAsync(cts.Token);
            return true;
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException)
        {
            return false;
        }
    }
}
