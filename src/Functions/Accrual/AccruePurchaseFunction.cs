using System.Text.Json;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Accrual;

/// <summary>A queued purchase or refund that can never apply; throwing it moves the message to the poison queue.</summary>
public sealed class AccrualRejectedException(string message) : InvalidOperationException(message);

/// <summary>
/// The AccruePurchase queue function: applies a purchase or refund from the <c>purchases</c> queue, then queues the
/// customer's notification. Delivery is at least once; the ledger applies each purchase and refund once, and the
/// notification is queued again on a replay (its id lets the sender send it once), so a crash between the ledger
/// commit and the notification loses nothing.
/// </summary>
public sealed class AccruePurchaseFunction(PurchaseAccrual purchases, RefundAccrual refunds, Notifier notifier)
{
    [Function("AccruePurchase")]
    public async Task<object?> RunAsync([QueueTrigger(QueueNames.Purchases)] string text, DateTimeOffset? insertionTime, CancellationToken cancellationToken)
    {
        AccrualMessage message;
        try
        {
            message = AccrualInbox.Read(text);
        }
        catch (JsonException ex)
        {
            throw new AccrualRejectedException($"The message is not an accrual message ({ex.GetType().Name} at {ex.Path}).");
        }

        return message switch
        {
            { Purchase: { } purchase, Refund: null } => await AccrueAsync(purchase, insertionTime, cancellationToken),
            { Refund: { } refund, Purchase: null } => await RefundAsync(refund, cancellationToken),
            _ => throw new AccrualRejectedException("The message must hold exactly one of purchase or refund."),
        };
    }

    private async Task<object?> AccrueAsync(PurchaseMessage purchase, DateTimeOffset? queuedAt, CancellationToken cancellationToken)
    {
        var outcome = await purchases.ApplyAsync(purchase, cancellationToken);
        if (outcome is { Rejected: { } error })
        {
            throw Rejected("purchase", purchase.PurchaseId, error);
        }

        var earned = outcome.Earned!;
        LoyaltyMetrics.Accrued(purchase.MerchantId, queuedAt);
        if (earned.CanBeMessaged && (earned.Entry.Delta > 0 || earned.RaisedToTier is not null))
        {
            await notifier.EnqueueAsync(new Notification($"earn-{purchase.MerchantId}-{purchase.PurchaseId}", outcome.CustomerId!,
                NotificationKind.PointsEarned, earned.Entry.Delta, earned.Entry.BalanceAfter, earned.RaisedToTier, purchase.OccurredAt, purchase.MerchantId,
                PurchaseId: purchase.PurchaseId), cancellationToken);
        }

        return new { purchase = purchase.PurchaseId, points = earned.Entry.Delta, tierRaisedTo = earned.RaisedToTier };
    }

    private async Task<object?> RefundAsync(RefundMessage refund, CancellationToken cancellationToken)
    {
        var outcome = await refunds.ApplyAsync(refund, cancellationToken);
        if (outcome is { Rejected: { } error })
        {
            throw Rejected("refund", refund.RefundId, error);
        }

        if (outcome.Refunded is not { } refunded)
        {
            return new { refund = refund.RefundId, waitingForPurchase = refund.PurchaseId, retryIn = outcome.DeferredFor };
        }

        if (refunded.CanBeMessaged && refunded.Entry.Delta != 0)
        {
            await notifier.EnqueueAsync(new Notification($"refund-{refund.MerchantId}-{refund.RefundId}", outcome.CustomerId!,
                NotificationKind.PointsClawedBack, -refunded.Entry.Delta, refunded.Entry.BalanceAfter, MerchantId: refund.MerchantId), cancellationToken);
        }

        return new { refund = refund.RefundId, points = refunded.Entry.Delta };
    }

    private static AccrualRejectedException Rejected(string what, string id, LoyaltyError error) =>
        new($"The {what} {id} cannot apply: {error.Code} ({error.Field}: {error.Message}).");
}
