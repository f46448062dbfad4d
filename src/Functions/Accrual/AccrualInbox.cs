using Azure.Storage.Queues;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Accrual;

/// <summary>The <c>purchases</c> queue, which the AccruePurchase function drains.</summary>
public sealed class AccrualInbox(StorageAccount storage)
{
    private readonly QueueClient queue = storage.Queue(QueueNames.Purchases);

    /// <summary>Queues a message, visible after <paramref name="delay"/> (at most seven days, the queue's limit).</summary>
    public async Task SendAsync(AccrualMessage message, TimeSpan? delay, CancellationToken cancellationToken) =>
        await queue.SendMessageAsync(WireJson.Write(message), visibilityTimeout: delay, cancellationToken: cancellationToken);

    public static AccrualMessage Read(string json) => WireJson.Read<AccrualMessage>(json);
}
