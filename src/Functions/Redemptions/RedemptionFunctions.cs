using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Redemptions;

/// <summary>
/// <c>POST .../redemptions</c> pays part of a check with points; <c>DELETE .../redemptions/{redemptionId}</c> cancels
/// one whose purchase never happened.
/// </summary>
public sealed class RedemptionFunctions(MerchantStore merchants, ProgramStore program, RedemptionProcessor redemptions, TimeProvider time)
{
    private const string Problem = "application/problem+json";

    [Function("MerchantRedemptions")]
    [EndpointSummary("POST pays part of a check with points (the least of the code's points, the program's cap and the spendable points); " +
                     "DELETE cancels a redemption whose purchase never happened (signed over \"<t>.\", no body): its points go back, once")]
    [Consumes(typeof(RedemptionBody), JsonBody.MediaType)]
    [ProducesResponseType(typeof(RedemptionApplied), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status401Unauthorized, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status413PayloadTooLarge, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status429TooManyRequests, Problem)]
    public Task<IResult> RedemptionsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "delete", Route = "merchants/{merchantId}/redemptions/{redemptionId?}")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var merchantId = request.Route("merchantId");
        var redemptionId = request.Route("redemptionId");
        return (HttpMethods.IsPost(request.Method), redemptionId.Length > 0) switch
        {
            (true, false) => MerchantRedemptions.PostRedemptionAsync(merchantId, request, merchants, program, redemptions, time, request.HttpContext.RequestAborted),
            (false, true) => MerchantRedemptions.DeleteRedemptionAsync(merchantId, redemptionId, request, merchants, redemptions, time, request.HttpContext.RequestAborted),
            // A redemption is posted to the collection and deleted by its id.
            _ => Task.FromResult(Results.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed")),
        };
    }
}
