using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Hosting;
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
        endpoints.MapFunction(function, HttpMethods.Post, function.Name, PostRedemptionAsync)
            .WithSummary("Pay part of a check with points: the least of the points the customer's code offers, the program's cap of the check and the spendable points is applied")
            .Produces<RedemptionApplied>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status405MethodNotAllowed)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        endpoints.MapFunction(function, HttpMethods.Delete, CancelEndpointName, DeleteRedemptionAsync)
            .WithSummary("Cancel a redemption whose purchase never happened: its points go back to the customer, once")
            .Produces<RedemptionCancelled>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status405MethodNotAllowed);
        return endpoints;
    }

    private static async Task<IResult> PostRedemptionAsync(
        string merchantId, string? redemptionId, HttpRequest request, MerchantStore merchants, ProgramStore program, RedemptionProcessor redemptions,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (redemptionId is not null)
        {
            return MerchantRequest.Problem(StatusCodes.Status405MethodNotAllowed, "Method not allowed",
                "Post a redemption to .../redemptions with its redemptionId in the body; .../redemptions/{redemptionId} only takes DELETE.");
        }

        var (call, refusal) = await MerchantRequest.ReadAsync(request, merchantId, merchants, time, cancellationToken);
        if (call is null)
        {
            return refusal!;
        }

        var errors = new FieldErrors();
        var redemption = RedemptionRequest.Parse(call.Merchant.MerchantId, call.Body, await program.GetAsync(cancellationToken), errors);
        return redemption is null ? MerchantRequest.Invalid(errors) : await redemptions.RedeemAsync(redemption, cancellationToken);
    }

    private static async Task<IResult> DeleteRedemptionAsync(
        string merchantId, string? redemptionId, HttpRequest request, MerchantStore merchants, RedemptionProcessor redemptions,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (redemptionId is null)
        {
            return MerchantRequest.Problem(StatusCodes.Status405MethodNotAllowed, "Method not allowed",
                "Cancel one redemption at a time: DELETE .../redemptions/{redemptionId}.");
        }

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
