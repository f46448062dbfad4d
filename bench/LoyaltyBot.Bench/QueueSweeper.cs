using Azure.Storage.Queues;

namespace LoyaltyBot.Bench;

/// <summary>
/// Empties a notifications queue once a second while a phase runs: a stand-in for SendNotification, which has no
/// handler yet. Left to pile up, the notifications would slow every queue request, since Azurite looks through every
/// message of every queue on each receive, delete and update. The app's run and the raw baseline are swept alike.
/// </summary>
internal sealed class QueueSweeper : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sweeping;

    public QueueSweeper(QueueClient queue) => sweeping = SweepAsync(queue, stop.Token);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sweeping;
        stop.Dispose();
    }

    private static async Task SweepAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                await queue.ClearMessagesAsync(CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Azure.RequestFailedException)
            {
                // Not there yet: next time.
            }
        }
    }
}
