using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Rules;

namespace LoyaltyBot.Functions.Redemptions;

/// <summary>The shape of a redemption body, for the OpenAPI document (the endpoint reads the raw bytes, which it must sign-check).</summary>
public sealed record RedemptionBody(string RedemptionId, string Code, long Points, decimal PurchaseAmount, string? Currency);

/// <summary>
/// <c>POST /api/merchants/{merchantId}/redemptions</c> pays part of a check with the points a customer's one-time code
/// offers, synchronously; <c>DELETE .../redemptions/{redemptionId}</c> gives them back when the purchase never happened.
/// Both are checked like every merchant request (<see cref="MerchantRequest"/>).
/// </summary>
public static class MerchantRedemptions
{
    /// <summary>The DELETE endpoint's name: endpoint names are unique, and the POST one carries the function's.</summary>
    public const string CancelEndpointName = "MerchantRedemptionsCancel";

    public static IServiceCollection AddRedemptions(this IServiceCollection services)
    {
        services.AddSingleton<RedemptionCodeStore>();
        services.AddSingleton<RedemptionProcessor>();
        return services;
    }

    public static IEndpointRouteBuilder MapMerchantRedemptions(this IEndpointRouteBuilder endpoints)
    {
        var function = LoyaltyFunctions.MerchantRedemptions;
        endpoints.MapFunction(function, HttpMethods.Post, "merchants/{merchantId}/redemptions", function.Name, PostRedemptionAsync)
            .WithSummary("Pay part of a check with points: the least of the points the customer's code offers, the program's cap of the check and the spendable points is applied")
            .Accepts<RedemptionBody>("application/json")
            .Produces<RedemptionApplied>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        endpoints.MapFunction(function, HttpMethods.Delete, "merchants/{merchantId}/redemptions/{redemptionId}", CancelEndpointName, DeleteRedemptionAsync)
            .WithSummary("Cancel a redemption whose purchase never happened (signed over \"<t>.\", no body): its points go back to the customer, once")
            .Produces<RedemptionCancelled>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> PostRedemptionAsync(
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

    private static async Task<IResult> DeleteRedemptionAsync(
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
