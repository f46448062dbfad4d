using LoyaltyBot.Functions.ApiReference;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;

namespace LoyaltyBot.Functions.Redemptions;

/// <summary>
/// <c>POST .../redemptions</c> pays part of a check with points; <c>DELETE .../redemptions/{redemptionId}</c> cancels
/// one whose purchase never happened.
/// </summary>
public sealed class RedemptionFunctions(MerchantStore merchants, ProgramStore program, RedemptionProcessor redemptions, TimeProvider time)
{
    [Function("MerchantRedemptions")]
    [Tags(MerchantFunctions.Tag)]
    [SummaryFor("POST", "Pay part of a check with points: the least of the points asked for, the program's cap of the check and the spendable points")]
    [SummaryFor("DELETE", "Cancel a redemption whose purchase never happened (signed over \"<t>.\", no body): its points go back, once")]
    [ApiParameter("merchantId", ParameterLocation.Path, MerchantFunctions.MerchantIdHelp, "m0195b3c0e6a97c4f1d2e")]
    [ApiParameter("redemptionId", ParameterLocation.Path, "The redemptionId of the redemption to cancel.", "rd-1001")]
    [Consumes(typeof(RedemptionBody), JsonBody.MediaType)]
    [ProducesFor("POST", typeof(RedemptionApplied), StatusCodes.Status200OK, Description = "Applied (or the first answer to this redemptionId, replayed).")]
    [ProducesFor("DELETE", typeof(RedemptionCancelled), StatusCodes.Status200OK, Description = "Cancelled: the points restored and the balance after (the same answer however often it is sent).")]
    [ProducesFor("POST", typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, MerchantFunctions.Problem, Description = MerchantFunctions.BadRequest)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status401Unauthorized, MerchantFunctions.Problem, Description = MerchantFunctions.Unsigned)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, MerchantFunctions.Problem,
        Description = "No merchant has this id; for a cancel, also: this merchant never applied this redemption.")]
    [ProducesFor("POST", typeof(ProblemDetails), StatusCodes.Status409Conflict, MerchantFunctions.Problem, Description = MerchantFunctions.IdReused)]
    [ProducesFor("POST", typeof(ProblemDetails), StatusCodes.Status413PayloadTooLarge, MerchantFunctions.Problem, Description = MerchantFunctions.TooLarge)]
    [ProducesFor("POST", typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, MerchantFunctions.Problem,
        Description = "The code cannot be spent (unknown, expired, used, or its customer gone), or nothing can be applied: names `code`, `points` or `purchaseAmount`.")]
    [ProducesFor("POST", typeof(ProblemDetails), StatusCodes.Status429TooManyRequests, MerchantFunctions.Problem, Description = MerchantFunctions.Throttled)]
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
