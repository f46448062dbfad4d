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
        return redemption is null ? MerchantRequest.Invalid(errors) : await redemptions.RedeemAsync(redemption, LookupThrottle.AddressOf(request), cancellationToken);
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

        return await redemptions.CancelAsync(merchant.MerchantId, redemptionId, cancellationToken);
    }
}
