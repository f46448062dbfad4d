using Azure.Storage.Queues;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Outbox;

/// <summary>Puts notifications on the <c>notifications</c> queue; the SendNotification function delivers them.</summary>
public sealed class Notifier(StorageAccount storage)
{
    private readonly QueueClient queue = storage.Queue(QueueNames.Notifications);

    public async Task EnqueueAsync(Notification notification, CancellationToken cancellationToken) =>
        await queue.SendMessageAsync(WireJson.Write(notification), cancellationToken);

    public static Notification Read(string json) => WireJson.Read<Notification>(json);
}
