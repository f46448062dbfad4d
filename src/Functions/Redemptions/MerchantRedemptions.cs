using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Rules;

namespace LoyaltyBot.Functions.Redemptions;

/// <summary>
/// <c>POST /api/merchants/{merchantId}/redemptions</c> pays part of a check with the points a customer's one-time code
/// offers, synchronously; <c>DELETE .../redemptions/{redemptionId}</c> gives them back when the purchase never happened.
/// Both are checked like every merchant request (<see cref="MerchantRequest"/>).
/// </summary>
public static class MerchantRedemptions
{
    public static IServiceCollection AddRedemptions(this IServiceCollection services)
    {
        services.AddSingleton<RedemptionCodeStore>();
        services.AddSingleton<RedemptionProcessor>();
        return services;
    }

    internal static async Task<IResult> PostRedemptionAsync(
        string merchantId, HttpRequest request, MerchantStore merchants, ProgramStore program, RedemptionProcessor redemptions,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (call, refusal) = await MerchantRequest.ReadAsync(request, merchantId, merchants, time, cancellationToken);
        if (call is null)
        {
            return refusal!;
        }

        var errors = new FieldErrors();
        var redemption = RedemptionRequest.Parse(call.Merchant.MerchantId, call.Body, await program.GetAsync(cancellationToken), errors);
        if (redemption is null)
        {
            return MerchantRequest.Invalid(errors);
        }

        var outcome = await redemptions.RedeemAsync(redemption, LookupThrottle.AddressOf(request), cancellationToken);
        return outcome.Done is { } applied ? Results.Ok(applied)
            : outcome.ThrottledFor is { } retryAfter ? MerchantRequest.TooManyFailedLookups(retryAfter)
            : outcome.Refused!.Code == LoyaltyErrorCode.OperationConflict ? MerchantRequest.IdReused(RedemptionProcessor.IdField, redemption.RedemptionId)
            : Refused(outcome.Refused);
    }

    internal static async Task<IResult> DeleteRedemptionAsync(
        string merchantId, string redemptionId, HttpRequest request, MerchantStore merchants, RedemptionProcessor redemptions,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (merchant, refusal) = await MerchantRequest.ReadSignedAsync(request, merchantId, merchants, time, cancellationToken);
        if (merchant is null)
        {
            return refusal!;
        }

        if (OperationKey.Create(merchant.MerchantId, redemptionId, "redemptionId") is { IsSuccess: false } bad)
        {
            var errors = new FieldErrors();
            errors.Add(bad.Error!.Field, bad.Error.Message);
            return MerchantRequest.Invalid(errors);
        }

        var outcome = await redemptions.CancelAsync(merchant.MerchantId, redemptionId, cancellationToken);
        return outcome.Done is { } cancelled ? Results.Ok(cancelled)
            : outcome.Refused!.Code == LoyaltyErrorCode.RedemptionNotFound ? UnknownRedemption(redemptionId)
            : Refused(outcome.Refused);
    }

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
        $"This merchant has no applied redemption '{(redemptionId.Length <= 64 ? redemptionId : redemptionId[..64] + "…")}'.", RedemptionProcessor.IdField);
}
