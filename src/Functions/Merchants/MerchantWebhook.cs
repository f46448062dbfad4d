using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Telemetry;

namespace LoyaltyBot.Functions.Merchants;

/// <summary>The merchant's answer when a purchase or refund is durable in the queue.</summary>
public sealed record Accepted(string Id, string Status = "accepted");

/// <summary>
/// <c>POST /api/merchants/{merchantId}/purchases</c> and <c>/refunds</c>: checked and validated synchronously, then
/// recorded under the merchant's id and queued; 202 once durable (<see cref="MerchantFunctions"/>). The AccruePurchase
/// function applies them.
/// </summary>
public static class MerchantWebhook
{
    public static IServiceCollection AddMerchants(this IServiceCollection services)
    {
        services.AddSingleton<MerchantStore>();
        services.AddSingleton<RequestLog>();
        services.AddSingleton<IReceivedPurchases>(provider => provider.GetRequiredService<RequestLog>());
        services.AddSingleton<LookupThrottle>();
        services.AddOptions<LookupThrottleOptions>().BindConfiguration(LookupThrottleOptions.Section)
            .Validate(o => o.FailuresPerAddress > 0 && o.FailuresPerMerchant > 0 && o.Window >= TimeSpan.FromSeconds(1),
                $"{LookupThrottleOptions.Section} needs limits above 0 and a window of at least a second.")
            .ValidateOnStart();
        return services;
    }

    internal static async Task<IResult> PostPurchaseAsync(
        string merchantId, HttpRequest request, MerchantStore merchants, ProgramStore program, CustomerDirectory directory, LookupThrottle throttle,
        RequestLog requests, AccrualInbox inbox, TimeProvider time, CancellationToken cancellationToken)
    {
        var (call, refusal) = await MerchantRequest.ReadAsync(request, merchantId, merchants, time, cancellationToken);
        if (call is null)
        {
            LoyaltyMetrics.RequestRefused(RequestKinds.Purchase, RefusalReasons.Of(refusal!), merchantId);
            return refusal!;
        }

        var errors = new FieldErrors();
        var purchase = PurchaseRequest.Parse(call.Merchant.MerchantId, call.Body, await program.GetAsync(cancellationToken), time.GetUtcNow(), errors);
        if (purchase is null)
        {
            LoyaltyMetrics.RequestRefused(RequestKinds.Purchase, RefusalReasons.Invalid, merchantId);
            return MerchantRequest.Invalid(errors);
        }

        // A phone opens an account of its own and reveals nothing, but a card or Telegram id must belong to someone: say so now, not in a poison queue.
        string? customerId = null;
        if (purchase.Phone is null)
        {
            (customerId, var unknown) = await FindCustomerAsync(purchase, LookupThrottle.AddressOf(request), directory, throttle, requests, cancellationToken);
            if (unknown is not null)
            {
                return unknown;
            }
        }

        // The customer found travels with the message, so the accrual need not look again; the record is the request alone.
        return await RecordAndQueueAsync(requests, inbox, RequestKinds.Purchase, "purchaseId", purchase.MerchantId, purchase.PurchaseId,
            WireJson.Write(purchase), new AccrualMessage(Purchase: purchase with { CustomerId = customerId }), cancellationToken);
    }

    /// <summary>
    /// The customer of a card or Telegram id, under the throttle on failed look-ups; a replay of a recorded purchase is
    /// never throttled, so it gets its first answer.
    /// </summary>
    private static async Task<(string? CustomerId, IResult? Refusal)> FindCustomerAsync(
        PurchaseMessage purchase, string address, CustomerDirectory directory, LookupThrottle throttle, RequestLog requests, CancellationToken cancellationToken)
    {
        using var lookup = await throttle.EnterAsync(purchase.MerchantId, address, cancellationToken);
        if (lookup.RetryAfter is { } retryAfter
            && await requests.FindMessageAsync(purchase.MerchantId, RequestKinds.Purchase, purchase.PurchaseId, cancellationToken) != WireJson.Write(purchase))
        {
            LoyaltyMetrics.RequestRefused(RequestKinds.Purchase, RefusalReasons.Throttled, purchase.MerchantId);
            return (null, MerchantRequest.TooManyFailedLookups(retryAfter));
        }

        if (await directory.FindAsync(purchase.CustomerKey(), cancellationToken) is { } customerId)
        {
            return (customerId, null);
        }

        await lookup.FailedAsync(cancellationToken);
        LoyaltyMetrics.RequestRefused(RequestKinds.Purchase, RefusalReasons.UnknownCustomer, purchase.MerchantId);
        var field = purchase.CardNumber is not null ? "cardNumber" : "telegramUserId";
        return (null, MerchantRequest.Problem(StatusCodes.Status422UnprocessableEntity, "Unknown customer", $"No customer has this {field}.", field));
    }

    internal static async Task<IResult> PostRefundAsync(
        string merchantId, HttpRequest request, MerchantStore merchants, ProgramStore program, RequestLog requests, AccrualInbox inbox,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (call, refusal) = await MerchantRequest.ReadAsync(request, merchantId, merchants, time, cancellationToken);
        if (call is null)
        {
            LoyaltyMetrics.RequestRefused(RequestKinds.Refund, RefusalReasons.Of(refusal!), merchantId);
            return refusal!;
        }

        var errors = new FieldErrors();
        var refund = RefundRequest.Parse(call.Merchant.MerchantId, call.Body, await program.GetAsync(cancellationToken), time.GetUtcNow(), errors);
        if (refund is null)
        {
            LoyaltyMetrics.RequestRefused(RequestKinds.Refund, RefusalReasons.Invalid, merchantId);
            return MerchantRequest.Invalid(errors);
        }

        // The fingerprint leaves out the time of receipt, which differs on every replay.
        var recorded = WireJson.Write(refund with { ReceivedAt = default });
        return await RecordAndQueueAsync(requests, inbox, RequestKinds.Refund, "refundId", refund.MerchantId, refund.RefundId,
            recorded, new AccrualMessage(Refund: refund), cancellationToken);
    }

    /// <summary>Records the id first, so a crash before the send is repaired by the merchant's retry, which queues it again.</summary>
    private static async Task<IResult> RecordAndQueueAsync(
        RequestLog requests, AccrualInbox inbox, string kind, string field, string merchantId, string id, string recorded, AccrualMessage message,
        CancellationToken cancellationToken)
    {
        if (await requests.RecordAsync(merchantId, kind, id, recorded, cancellationToken) == RequestRecord.Conflict)
        {
            LoyaltyMetrics.RequestRefused(kind, RefusalReasons.IdReused, merchantId);
            return MerchantRequest.IdReused(field, id);
        }

        await inbox.SendAsync(message, null, cancellationToken);
        LoyaltyMetrics.RequestAccepted(kind, merchantId);
        return Results.Accepted(value: new Accepted(id));
    }
}
