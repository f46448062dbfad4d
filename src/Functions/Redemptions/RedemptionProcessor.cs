using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Redemptions;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Rules;
using Money = LoyaltyBot.Domain.Money.Money;

namespace LoyaltyBot.Functions.Redemptions;

public sealed record Discount(decimal Amount, string Currency);

/// <summary>The answer to a redemption: 1 point pays 1 unit of the currency.</summary>
public sealed record RedemptionApplied(string RedemptionId, long PointsApplied, Discount Discount, long Balance);

public sealed record RedemptionCancelled(string RedemptionId, long PointsRestored, long Balance);

/// <summary>
/// Applies and cancels merchants' redemptions. A redemption claims its code first (so one code pays one check however
/// many tills try it at once), then records its id with the customer it found (so a replay, and a cancel, find the
/// customer again), then redeems on the ledger under <c>&lt;merchant&gt;.redemption/&lt;id&gt;</c>. When the ledger refuses,
/// it undoes the two in the opposite order: while an id is recorded, its code is held for it.
/// </summary>
public sealed partial class RedemptionProcessor(
    RedemptionCodeStore codes, RequestLog requests, LookupThrottle throttle, LedgerStore ledger, ProgramStore program, ILogger<RedemptionProcessor> logger)
{
    private const string IdField = "redemptionId";

    /// <summary>Applies the redemption; its code is looked up under the throttle on failed look-ups of the till at <paramref name="address"/>.</summary>
    public async Task<IResult> RedeemAsync(RedemptionRequest redemption, string address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redemption);
        var key = redemption.Operation;
        var recorded = await FindAsync(redemption.MerchantId, redemption.RedemptionId, cancellationToken);
        string customerId;
        if (recorded is not null)
        {
            if (recorded.Request != redemption)
            {
                return MerchantRequest.IdReused(IdField, redemption.RedemptionId);
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
                    return MerchantRequest.TooManyFailedLookups(retryAfter);
                }

                claim = await codes.ClaimAsync(redemption.Code, key, cancellationToken);
                if (!claim.IsSuccess)
                {
                    await lookup.FailedAsync(cancellationToken);
                    LogRefused(logger, redemption, claim.Error!.Code);
                    return Refused(claim.Error);
                }
            }

            customerId = claim.Value.CustomerId;
            var record = LedgerJson.Write(new RecordedRedemption(redemption, customerId));
            if (await requests.RecordAsync(redemption.MerchantId, RequestKinds.Redemption, redemption.RedemptionId, record, cancellationToken) == RequestRecord.Conflict)
            {
                // Another body took the id meanwhile; the code stays held only if that body holds it too.
                if ((await FindAsync(redemption.MerchantId, redemption.RedemptionId, cancellationToken))?.Request.Code != redemption.Code)
                {
                    await codes.ReleaseAsync(redemption.Code, key, cancellationToken);
                }

                return MerchantRequest.IdReused(IdField, redemption.RedemptionId);
            }
        }

        var rules = await program.GetAsync(cancellationToken);
        var check = Money.Of(redemption.PurchaseAmount, rules.ProgramCurrency);
        var result = await ledger.RedeemUpToAsync(customerId, key, redemption.MerchantId, redemption.Points, check, rules, cancellationToken);
        if (result.IsSuccess)
        {
            var entry = result.Value;
            LogApplied(logger, redemption.MerchantId, redemption.RedemptionId, customerId, -entry.Delta, redemption.Points);
            return Results.Ok(new RedemptionApplied(redemption.RedemptionId, -entry.Delta, new Discount(-entry.Delta, entry.Currency ?? rules.Currency), entry.BalanceAfter));
        }

        if (result.Error!.Code == LoyaltyErrorCode.OperationConflict)
        {
            return MerchantRequest.IdReused(IdField, redemption.RedemptionId);
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
        return Refused(result.Error);
    }

    /// <summary>Gives back the points of a redemption whose purchase never happened; once, however often it is asked.</summary>
    public async Task<IResult> CancelAsync(string merchantId, string redemptionId, CancellationToken cancellationToken)
    {
        var recorded = await FindAsync(merchantId, redemptionId, cancellationToken);
        if (recorded is null)
        {
            return UnknownRedemption(redemptionId);
        }

        var rules = await program.GetAsync(cancellationToken);
        var result = await ledger.CancelRedemptionAsync(recorded.CustomerId, RedemptionRequest.CancelOf(merchantId, redemptionId),
            RedemptionRequest.OperationOf(merchantId, redemptionId), rules, cancellationToken);
        if (!result.IsSuccess)
        {
            // Not applied (refused, or still on its way) or its customer is gone: either way there is nothing to give back.
            return result.Error!.Code is LoyaltyErrorCode.RedemptionNotFound or LoyaltyErrorCode.CustomerNotFound
                ? UnknownRedemption(redemptionId)
                : Refused(result.Error);
        }

        var entry = result.Value;
        LogCancelled(logger, merchantId, redemptionId, recorded.CustomerId, entry.Delta);
        return Results.Ok(new RedemptionCancelled(redemptionId, entry.Delta, entry.BalanceAfter));
    }

    private async Task<RecordedRedemption?> FindAsync(string merchantId, string redemptionId, CancellationToken cancellationToken) =>
        await requests.FindMessageAsync(merchantId, RequestKinds.Redemption, redemptionId, cancellationToken) is { } message
            ? LedgerJson.Read<RecordedRedemption>(message)
            : null;

    private static IResult Refused(LoyaltyError error)
    {
        if (error.Code is LoyaltyErrorCode.RedemptionCodeUnknown or LoyaltyErrorCode.RedemptionCodeExpired or LoyaltyErrorCode.RedemptionCodeUsed
            or LoyaltyErrorCode.CustomerNotFound)
        {
            // One answer for every code that cannot be spent: whether it ever was a code, and whose, is none of the till's business.
            return MerchantRequest.Problem(StatusCodes.Status422UnprocessableEntity, "Code not usable",
                "The code is unknown, expired or already used; the customer can get a new one in the bot.", "code");
        }

        if (error.Code == LoyaltyErrorCode.InsufficientPoints)
        {
            // Not the pending points and their dates the ledger names: the till needs only that nothing can be applied.
            return MerchantRequest.Problem(StatusCodes.Status422UnprocessableEntity, "No points to redeem",
                "The customer has no points spendable now; the bot shows them when pending points become spendable.", "points");
        }

        var (title, field) = error.Code == LoyaltyErrorCode.RedemptionAboveCap ? ("Check too small", "purchaseAmount") : ("Redemption refused", error.Field);
        return MerchantRequest.Problem(StatusCodes.Status422UnprocessableEntity, title, error.Message, field);
    }

    private static IResult UnknownRedemption(string redemptionId) => MerchantRequest.Problem(StatusCodes.Status404NotFound, "Unknown redemption",
        $"This merchant has no applied redemption '{(redemptionId.Length <= 64 ? redemptionId : redemptionId[..64] + "…")}'.", IdField);

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
