using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.ApiReference;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;

namespace LoyaltyBot.Functions.Merchants;

/// <summary>The merchant webhook's purchases and refunds, and the merchant API's OpenAPI document.</summary>
public sealed class MerchantFunctions(
    MerchantStore merchants, ProgramStore program, CustomerDirectory directory, LookupThrottle throttle, RequestLog requests, AccrualInbox inbox,
    TimeProvider time, IServiceProvider services)
{
    internal const string Tag = "Merchant webhook";
    internal const string Problem = StandardAnswers.ProblemJson;
    internal const string MerchantIdHelp = "The merchant's id, as POST /api/admin/merchants answered it.";
    internal const string BadRequest = "A field is missing, mistyped or invalid: `errors` names each (`amount`, `items[2].sku`).";
    internal const string Unsigned = "The `X-Loyalty-Signature` is missing, malformed or wrong, or its `t` is more than 300 s from the server's clock.";
    internal const string UnknownMerchant = "No merchant has this id.";
    internal const string IdReused = "The merchant's id of the operation was used before with another body.";
    internal const string TooLarge = "The body is over 64 KiB.";
    internal const string Throttled = "Too many failed look-ups of this merchant or address in the current 5-minute window: send it again after `Retry-After` seconds.";

    [Function("MerchantPurchases")]
    [Tags(Tag)]
    [EndpointSummary("Report a purchase: points accrue asynchronously")]
    [EndpointDescription("The customer is named by exactly one of `phone`, `cardNumber` or `telegramUserId`. 202 once the purchase is durable in the queue; " +
                         "points accrue within seconds. A refund of it may come first: it waits for the purchase.")]
    [ApiParameter("merchantId", ParameterLocation.Path, MerchantIdHelp, "m0195b3c0e6a97c4f1d2e")]
    [Consumes(typeof(PurchaseBody), JsonBody.MediaType)]
    [ProducesResponseType(typeof(Accepted), StatusCodes.Status202Accepted, Description = "Accepted (or the first answer to this purchaseId, replayed).")]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem, Description = BadRequest)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status401Unauthorized, Problem, Description = Unsigned)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, Problem, Description = UnknownMerchant)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, Problem, Description = IdReused)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status413PayloadTooLarge, Problem, Description = TooLarge)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, Problem,
        Description = "The card or Telegram user id belongs to no customer (field `cardNumber` or `telegramUserId`).")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status429TooManyRequests, Problem, Description = Throttled)]
    public Task<IResult> PurchasesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "merchants/{merchantId}/purchases")] HttpRequest request) =>
        MerchantWebhook.PostPurchaseAsync(request.Route("merchantId"), request, merchants, program, directory, throttle, requests, inbox, time,
            request.HttpContext.RequestAborted);

    [Function("MerchantRefunds")]
    [Tags(Tag)]
    [EndpointSummary("Report a refund of all or part of a purchase: points are clawed back, whichever of the two arrives first")]
    [ApiParameter("merchantId", ParameterLocation.Path, MerchantIdHelp, "m0195b3c0e6a97c4f1d2e")]
    [Consumes(typeof(RefundBody), JsonBody.MediaType)]
    [ProducesResponseType(typeof(Accepted), StatusCodes.Status202Accepted, Description = "Accepted (or the first answer to this refundId, replayed).")]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem, Description = BadRequest)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status401Unauthorized, Problem, Description = Unsigned)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, Problem, Description = UnknownMerchant)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, Problem, Description = IdReused)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status413PayloadTooLarge, Problem, Description = TooLarge)]
    public Task<IResult> RefundsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "merchants/{merchantId}/refunds")] HttpRequest request) =>
        MerchantWebhook.PostRefundAsync(request.Route("merchantId"), request, merchants, program, requests, inbox, time, request.HttpContext.RequestAborted);

    /// <summary>The OpenAPI description of the merchant API.</summary>
    [Function("MerchantApiDocument")]
    public Task<IResult> ApiDocumentAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/merchant.json")] HttpRequest request) =>
        MerchantApiDocument.GetAsync(services, request.HttpContext.RequestAborted);
}
