using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;
using Money = LoyaltyBot.Domain.Money.Money;
using LoyaltyBot.Functions.Telemetry;

namespace LoyaltyBot.Functions.Accrual;

/// <summary>What became of a queued refund: applied, put back to wait for its purchase, or refused for good.</summary>
public sealed record RefundAccrualOutcome(string? CustomerId, RefundOutcome? Refunded, TimeSpan? DeferredFor, LoyaltyError? Rejected);

/// <summary>
/// Applies a refund from the <c>purchases</c> queue. Purchases and refunds may come in either order and purchases
/// are applied asynchronously, so a refund whose purchase is not in the ledger yet goes back to the queue with a
/// growing delay, and is refused only when the purchase has not come for <see cref="WaitForPurchase"/>.
/// </summary>
public sealed partial class RefundAccrual(
    IReceivedPurchases purchases, CustomerDirectory directory, LedgerStore ledger, ProgramStore program, ReferralReward referrals, AccrualInbox inbox, TimeProvider time,
    ILogger<RefundAccrual> logger)
{
    public static readonly TimeSpan WaitForPurchase = TimeSpan.FromDays(3);
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(15);

    public async Task<RefundAccrualOutcome> ApplyAsync(RefundMessage refund, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refund);
        var customerId = await FindCustomerAsync(refund, cancellationToken);
        if (customerId is null)
        {
            return await DeferAsync(refund, null, cancellationToken);
        }

        var rules = await program.GetAsync(cancellationToken);
        var amount = Money.CreatePositive(refund.Amount, refund.Currency, decimal.MaxValue);
        var result = amount.IsSuccess
            ? await ledger.RefundAsync(customerId, refund.Operation, refund.MerchantId, refund.PurchaseId, amount.Value, rules, cancellationToken)
            : Result<RefundOutcome>.Failure(amount.Error!);
        if (result.IsSuccess)
        {
            // Known from the refund itself, and asked again on a replay, so a crash between the two loses nothing.
            if (result.Value.ReferrerToRevoke is { } referrer)
            {
                await referrals.RevokeAsync(customerId, referrer, result.Value.Purchase, rules, cancellationToken);
            }

            return new RefundAccrualOutcome(customerId, result.Value, null, null);
        }

        // A merge moves the purchase to the bot customer's account; the refund finds it there on its next try.
        if (result.Error!.Code is LoyaltyErrorCode.PurchaseNotFound or LoyaltyErrorCode.CustomerMerged)
        {
            return await DeferAsync(refund, customerId, cancellationToken);
        }

        LogRejected(logger, refund.MerchantId, refund.RefundId, result.Error.Code);
        return new RefundAccrualOutcome(customerId, null, null, result.Error);
    }

    /// <summary>The customer named by the refund's purchase as it was received; null while that purchase is unknown.</summary>
    private async Task<string?> FindCustomerAsync(RefundMessage refund, CancellationToken cancellationToken)
    {
        var purchase = await purchases.FindAsync(refund.MerchantId, refund.PurchaseId, cancellationToken);
        return purchase is null ? null : await directory.FindAsync(purchase.CustomerKey(), cancellationToken);
    }

    private async Task<RefundAccrualOutcome> DeferAsync(RefundMessage refund, string? customerId, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - refund.ReceivedAt > WaitForPurchase)
        {
            LogGaveUp(logger, refund.MerchantId, refund.RefundId, refund.PurchaseId);
            return new RefundAccrualOutcome(customerId, null, null,
                new LoyaltyError(LoyaltyErrorCode.PurchaseNotFound, "purchaseId", $"purchase {refund.PurchaseId} did not arrive within {WaitForPurchase.TotalDays:F0} days"));
        }

        var delay = TimeSpan.FromTicks(Math.Min(FirstRetry.Ticks << Math.Min(refund.Deferrals, 20), LongestRetry.Ticks));
        await inbox.SendAsync(new AccrualMessage(Refund: refund with { Deferrals = refund.Deferrals + 1 }), delay, cancellationToken);
        LogDeferred(logger, refund.MerchantId, refund.RefundId, refund.PurchaseId, delay);
        LoyaltyMetrics.RefundWaiting(refund.MerchantId);
        return new RefundAccrualOutcome(customerId, null, delay, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refund {RefundId} of merchant {MerchantId} waits for purchase {PurchaseId}; tried again in {Delay}")]
    private static partial void LogDeferred(ILogger logger, string merchantId, string refundId, string purchaseId, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refund {RefundId} of merchant {MerchantId}: purchase {PurchaseId} never arrived; refused")]
    private static partial void LogGaveUp(ILogger logger, string merchantId, string refundId, string purchaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refund {RefundId} of merchant {MerchantId} was refused by the ledger: {Reason}")]
    private static partial void LogRejected(ILogger logger, string merchantId, string refundId, LoyaltyErrorCode reason);
}
