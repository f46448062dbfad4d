using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Redemptions;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Storage;
using Money = LoyaltyBot.Domain.Money.Money;

namespace LoyaltyBot.Functions.Redemptions;

public sealed record Discount(decimal Amount, string Currency);

/// <summary>The answer to a redemption: 1 point pays 1 unit of the currency.</summary>
public sealed record RedemptionApplied(string RedemptionId, long PointsApplied, Discount Discount, long Balance);

public sealed record RedemptionCancelled(string RedemptionId, long PointsRestored, long Balance);

/// <summary>
/// A redemption applied or cancelled (<paramref name="Done"/>), or why not: <paramref name="Refused"/> by the ledger or the
/// code (an id used for another request is <see cref="LoyaltyErrorCode.OperationConflict"/>), or the till's look-ups
/// throttled for <paramref name="ThrottledFor"/>.
/// </summary>
public sealed record RedemptionOutcome<T>(T? Done = null, LoyaltyError? Refused = null, TimeSpan? ThrottledFor = null)
    where T : class;

/// <summary>
/// Applies and cancels merchants' redemptions. A redemption claims its code first (so one code pays one check however
/// many tills try it at once), then records its id with the customer it found (so a replay, and a cancel, find the
/// customer again), then redeems on the ledger under <c>&lt;merchant&gt;.redemption/&lt;id&gt;</c>. When the ledger refuses,
/// it undoes the two in the opposite order: while an id is recorded, its code is held for it.
/// </summary>
public sealed partial class RedemptionProcessor(
    RedemptionCodeStore codes, RequestLog requests, LookupThrottle throttle, LedgerStore ledger, ProgramStore program, Notifier notifier,
    ILogger<RedemptionProcessor> logger)
{
    public const string IdField = "redemptionId";

    /// <summary>Applies the redemption; its code is looked up under the throttle on failed look-ups of the till at <paramref name="address"/>.</summary>
    public async Task<RedemptionOutcome<RedemptionApplied>> RedeemAsync(RedemptionRequest redemption, string address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redemption);
        var key = redemption.Operation;
        var recorded = await FindAsync(redemption.MerchantId, redemption.RedemptionId, cancellationToken);
        string customerId;
        if (recorded is not null)
        {
            if (recorded.Request != redemption)
            {
                return new(Refused: IdReused(redemption.RedemptionId));
            }

            // A replay: its code is held for it, and the ledger answers as the first time if it applied.
            customerId = recorded.CustomerId;
        }
        else
        {
            Result<RedemptionCode> claim;
            using (var lookup = await throttle.EnterAsync(redemption.MerchantId, address, cancellationToken))
            {
                // Checked before the code is read, so a throttled guesser learns nothing even from a live code.
                if (lookup.RetryAfter is { } retryAfter)
                {
                    LogThrottled(logger, redemption, retryAfter);
                    return new(ThrottledFor: retryAfter);
                }

                claim = await codes.ClaimAsync(redemption.Code, key, cancellationToken);
                if (!claim.IsSuccess)
                {
                    await lookup.FailedAsync(cancellationToken);
                    LogRefused(logger, redemption, claim.Error!.Code);
                    return new(Refused: claim.Error);
                }
            }

            customerId = claim.Value.CustomerId;
            var record = WireJson.Write(new RecordedRedemption(redemption, customerId));
            if (await requests.RecordAsync(redemption.MerchantId, RequestKinds.Redemption, redemption.RedemptionId, record, cancellationToken) == RequestRecord.Conflict)
            {
                // Another body took the id meanwhile; the code stays held only if that body holds it too.
                if ((await FindAsync(redemption.MerchantId, redemption.RedemptionId, cancellationToken))?.Request.Code != redemption.Code)
                {
                    await codes.ReleaseAsync(redemption.Code, key, cancellationToken);
                }

                return new(Refused: IdReused(redemption.RedemptionId));
            }
        }

        var rules = await program.GetAsync(cancellationToken);
        var check = Money.Of(redemption.PurchaseAmount, rules.ProgramCurrency);
        var result = await ledger.RedeemUpToAsync(customerId, key, redemption.MerchantId, redemption.Points, check, rules, cancellationToken);
        if (result.IsSuccess)
        {
            var entry = result.Value;
            LogApplied(logger, redemption.MerchantId, redemption.RedemptionId, customerId, -entry.Delta, redemption.Points);
            // The customer made the code in the chat, so the bot can tell them (the sender skips those who blocked it since).
            await TellAsync($"spent-{redemption.MerchantId}-{redemption.RedemptionId}", customerId, NotificationKind.PointsSpent, entry, redemption.MerchantId, cancellationToken);
            return new(new RedemptionApplied(redemption.RedemptionId, -entry.Delta, new Discount(-entry.Delta, entry.Currency ?? rules.Currency), entry.BalanceAfter));
        }

        if (result.Error!.Code == LoyaltyErrorCode.OperationConflict)
        {
            return new(Refused: IdReused(redemption.RedemptionId));
        }

        // Nothing was applied: the merchant may use the id again, and the customer the code.
        await requests.ForgetAsync(redemption.MerchantId, RequestKinds.Redemption, redemption.RedemptionId, cancellationToken);
        await codes.ReleaseAsync(redemption.Code, key, cancellationToken);
        if (result.Error.Code == LoyaltyErrorCode.CustomerNotFound)
        {
            // The code's customer erased their data: to the till, one more code that is not usable.
            await throttle.RecordFailureAsync(redemption.MerchantId, address, cancellationToken);
        }

        LogRefused(logger, redemption, result.Error.Code);
        return new(Refused: result.Error);
    }

    /// <summary>Gives back the points of a redemption whose purchase never happened; once, however often it is asked.</summary>
    public async Task<RedemptionOutcome<RedemptionCancelled>> CancelAsync(string merchantId, string redemptionId, CancellationToken cancellationToken)
    {
        var recorded = await FindAsync(merchantId, redemptionId, cancellationToken);
        if (recorded is null)
        {
            return new(Refused: UnknownRedemption(redemptionId));
        }

        var rules = await program.GetAsync(cancellationToken);
        var result = await ledger.CancelRedemptionAsync(recorded.CustomerId, RedemptionRequest.CancelOf(merchantId, redemptionId),
            RedemptionRequest.OperationOf(merchantId, redemptionId), rules, cancellationToken);
        if (!result.IsSuccess)
        {
            // Not applied (refused, or still on its way) or its customer is gone: either way there is nothing to give back.
            return new(Refused: result.Error!.Code is LoyaltyErrorCode.RedemptionNotFound or LoyaltyErrorCode.CustomerNotFound
                ? UnknownRedemption(redemptionId)
                : result.Error);
        }

        var entry = result.Value;
        LogCancelled(logger, merchantId, redemptionId, recorded.CustomerId, entry.Delta);
        await TellAsync($"restored-{merchantId}-{redemptionId}", recorded.CustomerId, NotificationKind.PointsRestored, entry, merchantId, cancellationToken);
        return new(new RedemptionCancelled(redemptionId, entry.Delta, entry.BalanceAfter));
    }

    /// <summary>Queues the notice of points paid or given back; a replay queues it again and the sender sends it once.</summary>
    private async Task TellAsync(string id, string customerId, NotificationKind kind, LedgerEntry entry, string merchantId, CancellationToken cancellationToken)
    {
        if (entry.Delta != 0)
        {
            await notifier.EnqueueAsync(new Notification(id, customerId, kind, Math.Abs(entry.Delta), entry.BalanceAfter, MerchantId: merchantId), cancellationToken);
        }
    }

    private async Task<RecordedRedemption?> FindAsync(string merchantId, string redemptionId, CancellationToken cancellationToken) =>
        await requests.FindMessageAsync(merchantId, RequestKinds.Redemption, redemptionId, cancellationToken) is { } message
            ? WireJson.Read<RecordedRedemption>(message)
            : null;

    private static LoyaltyError IdReused(string redemptionId) =>
        new(LoyaltyErrorCode.OperationConflict, IdField, $"redemption {redemptionId} was used for another request");

    private static LoyaltyError UnknownRedemption(string redemptionId) =>
        new(LoyaltyErrorCode.RedemptionNotFound, IdField, $"no applied redemption {redemptionId}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Merchant {MerchantId} redemption {RedemptionId}: {PointsApplied} of {PointsOffered} points applied for customer {CustomerId}")]
    private static partial void LogApplied(ILogger logger, string merchantId, string redemptionId, string customerId, long pointsApplied, long pointsOffered);

    /// <summary>The request prints its code masked.</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Redemption}: {Reason}")]
    private static partial void LogRefused(ILogger logger, RedemptionRequest redemption, LoyaltyErrorCode reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Throttled {Redemption}: too many failed look-ups, retry after {RetryAfter}")]
    private static partial void LogThrottled(ILogger logger, RedemptionRequest redemption, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Information, Message = "Merchant {MerchantId} redemption {RedemptionId} cancelled: {PointsRestored} points back to customer {CustomerId}")]
    private static partial void LogCancelled(ILogger logger, string merchantId, string redemptionId, string customerId, long pointsRestored);
}
