namespace LoyaltyBot.Functions.Storage;

/// <summary>Creates tables and queues before the app takes requests; an unreachable account is logged, not fatal, so health can say so.</summary>
internal sealed partial class StorageInitializer(StorageAccount storage, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(TimeSpan.FromSeconds(10));
            await storage.EnsureCreatedAsync(cts.Token);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException)
        {
            LogStorageUnavailable(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage could not be prepared at start-up; requests will fail until it is reachable")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception);
}
