using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.ApiReference;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Offers;
using LoyaltyBot.Functions.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;
using static LoyaltyBot.Functions.Admin.AdminApiDocument;

namespace LoyaltyBot.Functions.Admin;

/// <summary>
/// The program owner's HTTP API under <c>/api/admin</c>: merchants and their secrets, customer support lookups, the
/// program's rules, campaigns. Every function requires the <c>X-Admin-Key</c> header.
/// </summary>
public sealed class AdminFunctions(
    MerchantStore merchants, CustomerDirectory directory, LedgerStore ledger, ProgramStore program, CampaignStore campaigns, TimeProvider time,
    ILoggerFactory loggers, IServiceProvider services, OfferRuleStore offerRules, CustomerSearch search)
{
    private const string NoCustomer = "No customer has this key or id.";

    /// <summary>GET lists the merchants a page at a time; POST creates a merchant and shows its secret once.</summary>
    [Function("AdminMerchants")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [SummaryFor("GET", "The merchants, oldest first, a page at a time; never their secrets")]
    [SummaryFor("POST", "Create a merchant; its secret, which signs its webhook calls, is shown only here and on rotation")]
    [ApiParameter("pageSize", ParameterLocation.Query, "GET: how many merchants a page holds, 1 to 1000 (default 100).", "100")]
    [ApiParameter("after", ParameterLocation.Query, "GET: the `next` of the previous page; absent for the first page.", "m0195b3c0e6a97c4f1d2e")]
    [DescribedBody("POST", typeof(NewMerchantBody))]
    [ProducesFor("GET", typeof(MerchantList), StatusCodes.Status200OK, Description = "A page of merchants; `next`, when present, is the `after` of the next page.")]
    [ProducesFor("POST", typeof(CreatedMerchant), StatusCodes.Status201Created, Description = "Created.")]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem,
        Description = "POST: `name` is missing, blank or too long. GET: `pageSize` or `after` is malformed.")]
    public Task<IResult> MerchantsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "admin/merchants")] HttpRequest request) =>
        MerchantAdmin.HandleAsync(request!, merchants, loggers, request.HttpContext.RequestAborted);

    /// <summary>POST rotates a merchant's secret.</summary>
    [Function("AdminMerchantSecret")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [EndpointSummary("Rotate a merchant's secret: the previous one keeps signing for 24 hours")]
    [ApiParameter("merchantId", ParameterLocation.Path, "The merchant's id.", "m0195b3c0e6a97c4f1d2e")]
    [ProducesResponseType(typeof(RotatedSecret), StatusCodes.Status200OK, Description = "The new secret.")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, Problem, Description = "No merchant has this id.")]
    public Task<IResult> MerchantSecretAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/merchants/{merchantId}/secret")] HttpRequest request) =>
        MerchantAdmin.RotateSecretAsync(request.Route("merchantId"), request.HttpContext, merchants, loggers, request.HttpContext.RequestAborted);

    /// <summary>GET finds a customer by <c>phone</c>, <c>card</c> or <c>telegramUserId</c>; without them, lists or searches customers.</summary>
    [Function("AdminCustomers")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [EndpointSummary("Find a customer by exactly one of phone, card or telegramUserId; without them, list customers, or search them with q, a page at a time")]
    [EndpointDescription("Without `phone`, `card` or `telegramUserId` the answer is a page of the list: `{\"customers\": [{\"customerId\", \"name\", " +
        "\"phone\" (masked), \"cardNumber\", \"tier\", \"points\": {\"spendable\", \"pending\", \"balance\"}, \"createdAt\", \"lastPurchaseAt\"}], " +
        "\"continuationToken\"}`, null on the last page; a page may hold fewer than `pageSize` while more follow. Erased customers never appear.")]
    [ApiParameter("q", ParameterLocation.Query, "For the list: the start of a word of the name, or the start of a phone (from its country code; a whole number in any format) or card number. Absent: every customer, oldest first.", "Петров")]
    [ApiParameter("pageSize", ParameterLocation.Query, "For the list: customers a page, 1 to 200; 50 when absent.", "50")]
    [ApiParameter("continuationToken", ParameterLocation.Query, "For the list: the `continuationToken` the previous page answered, with the same `q`.", "cGhvbmV8cGhvbmUtKzc5MTIzNDU2Nzg5")]
    [ApiParameter("phone", ParameterLocation.Query, "The customer's phone, any common format (digits, spaces and `+ - ( ) .`); write `+` as `%2B`.", "+7 912 345-67-89")]
    [ApiParameter("card", ParameterLocation.Query, "The customer's card number: 12 digits, spaces or dashes allowed.", "7123 4567 8908")]
    [ApiParameter("telegramUserId", ParameterLocation.Query, "The customer's Telegram user id.", "123456789")]
    [ProducesResponseType(typeof(CustomerView), StatusCodes.Status200OK, Description = "The customer: points, tier, profile (the phone masked), open lots, the latest 20 entries.")]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem,
        Description = "More than one key is given, or one is malformed; for the list, an unknown parameter, a `q` with nothing to search by, a `pageSize` out of range or a token of another search.")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, Problem, Description = NoCustomer)]
    public Task<IResult> CustomersAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/customers")] HttpRequest request) =>
        CustomerAdmin.FindAsync(request, directory, search, ledger, program, time, request!.HttpContext.RequestAborted);

    [Function("AdminCustomer")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [EndpointSummary("A customer by id")]
    [ApiParameter("customerId", ParameterLocation.Path, "The customer's id, as a lookup answered it.", "c0195b3c0e6a97c4f1d2e3f4a5b6c7d8e")]
    [ProducesResponseType(typeof(CustomerView), StatusCodes.Status200OK, Description = "The customer: points, tier, profile (the phone masked), open lots, the latest 20 entries.")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, Problem, Description = NoCustomer)]
    public Task<IResult> CustomerAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/customers/{customerId}")] HttpRequest request) =>
        CustomerAdmin.GetAsync(request.Route("customerId"), ledger, program, time, request.HttpContext.RequestAborted);

    [Function("AdminProgram")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [SummaryFor("GET", "The program's rules, as one document")]
    [SummaryFor("PUT", "Replace the program's rules: the whole document, every rule present, checked before any of it is saved")]
    [DescribedBody("PUT", typeof(ProgramRules))]
    [ProducesResponseType(typeof(ProgramRules), StatusCodes.Status200OK, Description = "The rules (after PUT, as saved; every instance has them within 30 seconds).")]
    [ProducesFor("PUT", typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem,
        Description = "A field is missing, unknown, mistyped or invalid: `errors` names each (`tiers[1].ratePercent`); the stored rules stay as they were.")]
    public Task<IResult> ProgramAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", Route = "admin/program")] HttpRequest request) =>
        ProgramAdmin.HandleAsync(request, program, loggers, request!.HttpContext.RequestAborted);

    [Function("AdminCampaigns")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [SummaryFor("GET", "Every campaign, the latest to start first, each with its status: scheduled, running or ended")]
    [SummaryFor("POST", "Create a campaign: purchases made while it runs earn points times its multiplier")]
    [DescribedBody("POST", typeof(NewCampaignBody))]
    [ProducesFor("GET", typeof(CampaignList), StatusCodes.Status200OK, Description = "The campaigns.")]
    [ProducesFor("POST", typeof(CampaignView), StatusCodes.Status201Created,
        Description = "Created; every instance applies it within 30 seconds, to purchases made between `startsAt` and `endsAt`.")]
    [ProducesFor("POST", typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem,
        Description = "A field is missing, unknown, mistyped or invalid (`endsAt` before `startsAt`, an unknown merchant in `merchantIds[0]`): `errors` names each; nothing is saved.")]
    public Task<IResult> CampaignsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "admin/campaigns")] HttpRequest request) =>
        CampaignAdmin.HandleAsync(request, campaigns, merchants, time, loggers, request!.HttpContext.RequestAborted);

    [Function("AdminCampaign")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [SummaryFor("GET", "A campaign by id")]
    [SummaryFor("DELETE", "End a campaign now: a running one stops, a scheduled one never starts; it stays in the list")]
    [ApiParameter("campaignId", ParameterLocation.Path, "The campaign's id, as its creation answered it.", "cmp0195b3c0e6a97c4f1d2e")]
    [ProducesResponseType(typeof(CampaignView), StatusCodes.Status200OK,
        Description = "The campaign (after DELETE, as it ended; purchases made before its end keep their points).")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, Problem, Description = "No campaign has this id.")]
    public Task<IResult> CampaignAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "delete", Route = "admin/campaigns/{campaignId}")] HttpRequest request) =>
        CampaignAdmin.HandleOneAsync(request, campaigns, time, loggers, request!.HttpContext.RequestAborted);

    [Function("AdminOffers")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [SummaryFor("GET", "Every personal offer rule, the latest first, each with its status: running or ended")]
    [SummaryFor("POST", "Create a personal offer rule: each customer it finds due (by tier, a category bought, the birthday, a long pause) gets an offer, announced once")]
    [DescribedBody("POST", typeof(NewOfferRuleBody))]
    [ProducesFor("GET", typeof(OfferRuleList), StatusCodes.Status200OK, Description = "The offer rules.")]
    [ProducesFor("POST", typeof(OfferRuleView), StatusCodes.Status201Created, Description = "Created; every instance gives its offers within 30 seconds.")]
    [ProducesFor("POST", typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem,
        Description = "A field is missing, unknown, mistyped or invalid (an unknown tier in `tiers[0]`, no `boughtCategories` for the `category` trigger): `errors` names each; nothing is saved.")]
    public Task<IResult> OffersAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "admin/offers")] HttpRequest request) =>
        OfferAdmin.HandleAsync(request, offerRules, program, time, loggers, request!.HttpContext.RequestAborted);

    [Function("AdminOffer")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [EndpointSummary("End an offer rule now: it gives no more offers; those it gave run to their end; it stays in the list")]
    [ApiParameter("offerRuleId", ParameterLocation.Path, "The offer rule's id, as its creation answered it.", "ofr0195b3c0e6a97c4f1d2e")]
    [ProducesResponseType(typeof(OfferRuleView), StatusCodes.Status200OK, Description = "The offer rule as it ended.")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, Problem, Description = "No offer rule has this id.")]
    public Task<IResult> OfferAsync([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "admin/offers/{offerRuleId}")] HttpRequest request) =>
        OfferAdmin.EndAsync(request, offerRules, time, loggers, request!.HttpContext.RequestAborted);

    /// <summary>The OpenAPI description of the admin API; not guarded: it holds no data, only the API's shape.</summary>
    [Function("AdminApiDocument")]
    public Task<IResult> ApiDocumentAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/admin.json")] HttpRequest request) =>
        AdminApiDocument.GetAsync(services, request.HttpContext.RequestAborted);
}
