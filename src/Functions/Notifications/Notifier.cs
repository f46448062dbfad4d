using Azure.Storage.Queues;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Notifications;

/// <summary>Puts notifications on the <c>notifications</c> queue; the SendNotification function delivers them.</summary>
public sealed class Notifier(StorageAccount storage)
{
    private readonly QueueClient queue = storage.Queue(QueueNames.Notifications);

    public async Task EnqueueAsync(Notification notification, CancellationToken cancellationToken) =>
        await queue.SendMessageAsync(LedgerJson.Write(notification), cancellationToken);

    public static Notification Read(string json) => LedgerJson.Read<Notification>(json);
}
