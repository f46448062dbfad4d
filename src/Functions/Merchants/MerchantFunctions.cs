using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Merchants;

/// <summary>The merchant webhook's purchases and refunds, and the merchant API's OpenAPI document.</summary>
public sealed class MerchantFunctions(
    MerchantStore merchants, ProgramStore program, CustomerDirectory directory, LookupThrottle throttle, RequestLog requests, AccrualInbox inbox,
    TimeProvider time, IServiceProvider services)
{
    private const string Problem = "application/problem+json";

    [Function("MerchantPurchases")]
    [EndpointSummary("Report a purchase: points accrue asynchronously")]
    [Consumes(typeof(PurchaseBody), JsonBody.MediaType)]
    [ProducesResponseType(typeof(Accepted), StatusCodes.Status202Accepted)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status401Unauthorized, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status413PayloadTooLarge, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status429TooManyRequests, Problem)]
    public Task<IResult> PurchasesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "merchants/{merchantId}/purchases")] HttpRequest request) =>
        MerchantWebhook.PostPurchaseAsync(request.Route("merchantId"), request, merchants, program, directory, throttle, requests, inbox, time,
            request.HttpContext.RequestAborted);

    [Function("MerchantRefunds")]
    [EndpointSummary("Report a refund of all or part of a purchase: points are clawed back, whichever of the two arrives first")]
    [Consumes(typeof(RefundBody), JsonBody.MediaType)]
    [ProducesResponseType(typeof(Accepted), StatusCodes.Status202Accepted)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status401Unauthorized, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, Problem)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status413PayloadTooLarge, Problem)]
    public Task<IResult> RefundsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "merchants/{merchantId}/refunds")] HttpRequest request) =>
        MerchantWebhook.PostRefundAsync(request.Route("merchantId"), request, merchants, program, requests, inbox, time, request.HttpContext.RequestAborted);

    /// <summary>The OpenAPI description of the merchant API.</summary>
    [Function("MerchantApiDocument")]
    public Task<IResult> ApiDocumentAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/merchant.json")] HttpRequest request) =>
        MerchantApiDocument.GetAsync(services, request.HttpContext.RequestAborted);
}
