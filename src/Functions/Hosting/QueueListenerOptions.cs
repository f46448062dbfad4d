namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// How the standalone queue listeners behave. The first six are read from <c>host.json</c>'s
/// <c>extensions.queues</c> (so both hosts behave alike) and, as under the Functions host, an app setting
/// <c>AzureFunctionsJobHost__extensions__queues__&lt;name&gt;</c> overrides them; the last two exist only standalone
/// (<c>Standalone__Queues__&lt;name&gt;</c>).
/// </summary>
public sealed class QueueListenerOptions
{
    public const string HostJsonSection = "AzureFunctionsJobHost:extensions:queues";
    public const string StandaloneSection = "Standalone:Queues";

    /// <summary>Tries before a message moves to <c>&lt;queue&gt;-poison</c>: the try whose dequeue count reaches this and fails is the last.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>After a failed try, how long the message stays invisible before it is tried again (host.json's meaning).</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages received at once and run concurrently.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// The next batch is fetched when no more than this many messages are still running (host.json's meaning), so at
    /// most <see cref="BatchSize"/> + this run at once. Unset (-1), half the batch size.
    /// </summary>
    public int NewBatchThreshold { get; set; } = -1;

    public int EffectiveNewBatchThreshold => NewBatchThreshold >= 0 ? NewBatchThreshold : BatchSize / 2;

    /// <summary>The longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Must be base64: that is how <see cref="Storage.StorageAccount"/> enqueues.</summary>
    public string MessageEncoding { get; set; } = "base64";

    /// <summary>The first wait after an empty poll; it doubles up to <see cref="MaxPollingInterval"/> and resets on a message.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a received message stays invisible while its handler runs; renewed at half-time while it still runs.
    /// If the process dies, the message comes back after this.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    public void Validate()
    {
        if (MaxDequeueCount < 1 || BatchSize is < 1 or > 32 || NewBatchThreshold < -1)
        {
            throw new InvalidOperationException("Queue options: maxDequeueCount must be at least 1, batchSize 1 to 32 and newBatchThreshold not negative.");
        }

        if (MinPollingInterval <= TimeSpan.Zero || MaxPollingInterval < MinPollingInterval || LeaseDuration < TimeSpan.FromSeconds(1) || VisibilityTimeout < TimeSpan.Zero)
        {
            throw new InvalidOperationException("Queue options: polling intervals must be positive and ordered, the lease at least 1 s, the retry visibility timeout not negative.");
        }

        if (!string.Equals(MessageEncoding, "base64", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("Queue options: messageEncoding must be base64, the encoding the app enqueues with.");
        }
    }
}
