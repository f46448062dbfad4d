using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Specialized;

namespace LoyaltyBot.Functions.Storage;

/// <summary>
/// The storage account behind <c>AzureWebJobsStorage</c> (a connection string or the app's identity, see
/// <see cref="StorageConnection"/>): table, queue and blob clients that share one request counter.
/// </summary>
public sealed partial class StorageAccount
{
    public const string ConnectionSetting = StorageConnection.Setting;

    /// <summary>Where a queue's messages go when they cannot be processed: <c>&lt;queue&gt;-poison</c>, as the Functions host names it.</summary>
    public const string PoisonSuffix = "-poison";

    /// <summary>
    /// How long one try of a storage call may wait for an answer (the SDK's default is 100 s). A storage call answers in
    /// milliseconds; past this the try is abandoned and retried, so background work notices an outage within
    /// <see cref="NetworkTimeout"/> × (1 + <see cref="MaxRetries"/>) plus the back-off, about 25 s, and tries again later.
    /// </summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a failed try, the SDK's default, with its exponential back-off from 0.8 s.</summary>
    public const int MaxRetries = 3;

    private readonly ILogger? logger;

    public StorageAccount(string connectionString, StorageRequestCounter counter, ILogger<StorageAccount>? logger = null)
        : this(StorageConnection.FromConnectionString(connectionString), counter, logger)
    {
    }

    public StorageAccount(StorageConnection connection, StorageRequestCounter counter, ILogger<StorageAccount>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(counter);
        Counter = counter;

        var tableOptions = Bounded(new TableClientOptions());
        tableOptions.AddPolicy(counter.PolicyFor("table"), HttpPipelinePosition.PerRetry);
        Tables = connection.IsIdentityBased
            ? new TableServiceClient(connection.TableServiceUri, connection.Credential, tableOptions)
            : new TableServiceClient(connection.ConnectionString, tableOptions);

        // Base64 message text is what the Functions queue trigger expects by default, so both hosts read the same messages.
        var queueOptions = Bounded(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        queueOptions.AddPolicy(counter.PolicyFor("queue"), HttpPipelinePosition.PerRetry);
        // Without this, one message that is not Base64 fails every receive of its batch, forever.
        queueOptions.MessageDecodingFailed += MoveUndecodableToPoisonAsync;
        this.logger = logger;
        Queues = connection.IsIdentityBased
            ? new QueueServiceClient(connection.QueueServiceUri, connection.Credential, queueOptions)
            : new QueueServiceClient(connection.ConnectionString, queueOptions);

        var blobOptions = Bounded(new BlobClientOptions());
        blobOptions.AddPolicy(counter.PolicyFor("blob"), HttpPipelinePosition.PerRetry);
        Blobs = connection.IsIdentityBased
            ? new BlobServiceClient(connection.BlobServiceUri, connection.Credential, blobOptions)
            : new BlobServiceClient(connection.ConnectionString, blobOptions);
    }

    public StorageRequestCounter Counter { get; }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public BlobServiceClient Blobs { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    /// <summary>Creates the tables and queues the app uses; cheap when they exist.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(TableNames.All.Select(name => (Task)Tables.CreateTableIfNotExistsAsync(name, cancellationToken))
            .Concat(QueueNames.All.Select(name => (Task)Queues.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken))));
    }

    private static TOptions Bounded<TOptions>(TOptions options)
        where TOptions : ClientOptions
    {
        options.Retry.NetworkTimeout = NetworkTimeout;
        options.Retry.MaxRetries = MaxRetries;
        return options;
    }

    /// <summary>Moves a received message that is not Base64 to <c>&lt;queue&gt;-poison</c> as it came, as the Functions host does.</summary>
    private async Task MoveUndecodableToPoisonAsync(QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is not { } message)
        {
            return; // A peek: nothing was taken.
        }

        var poisonName = args.Queue.Name + PoisonSuffix;
        var poison = args.Queue.GetParentQueueServiceClient().GetQueueClient(poisonName);
        if (args.IsRunningSynchronously)
        {
            poison.CreateIfNotExists(cancellationToken: args.CancellationToken);
            poison.SendMessage(message.Body, cancellationToken: args.CancellationToken);
            args.Queue.DeleteMessage(message.MessageId, message.PopReceipt, args.CancellationToken);
        }
        else
        {
            await poison.CreateIfNotExistsAsync(cancellationToken: args.CancellationToken);
            await poison.SendMessageAsync(message.Body, cancellationToken: args.CancellationToken);
            await args.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, args.CancellationToken);
        }

        if (logger is not null)
        {
            LogUndecodableMoved(logger, args.Queue.Name, message.MessageId, poisonName);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue {QueueName}: message {MessageId} is not Base64 text and was moved to {PoisonQueue}")]
    private static partial void LogUndecodableMoved(ILogger logger, string queueName, string messageId, string poisonQueue);

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
