using LoyaltyBot.Functions.ApiReference;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;
using static LoyaltyBot.Functions.Admin.AdminApiDocument;

namespace LoyaltyBot.Functions.Admin;

/// <summary>
/// The program owner's tools for one customer under <c>/api/admin/customers/{customerId}</c>: the whole ledger (JSON
/// pages and CSV), manual adjustments, corrections of phone and birthday. Every function requires the <c>X-Admin-Key</c> header.
/// </summary>
public sealed class CustomerAdminFunctions(
    LedgerStore ledger, ProgramStore program, ProfileCorrections corrections, Notifier notifier, TimeProvider time, ILoggerFactory loggers)
{
    private const string NoCustomer = "No customer has this id.";
    private const string CustomerIdHelp = "The customer's id, as a lookup or the list answered it.";
    private const string CustomerIdExample = "c0195b3c0e6a97c4f1d2e3f4a5b6c7d8e";
    private const string ShownAsCustomer = "The customer as `GET /api/admin/customers/{customerId}` shows them, after the change.";

    [Function("AdminCustomerLedger")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [EndpointSummary("A customer's whole ledger, newest first, a page at a time")]
    [ApiParameter("customerId", ParameterLocation.Path, CustomerIdHelp, CustomerIdExample)]
    [ApiParameter(PageQuery.PageSize, ParameterLocation.Query, "Entries a page: 1 to 1000, 50 when absent.", "100")]
    [ApiParameter(PageQuery.ContinuationToken, ParameterLocation.Query, "The `continuationToken` of the previous page; absent for the first (the newest entries).", "dHgtMDc5NzQ1OTc0NTg4MzQ4Mzk5OS0wMTk1")]
    [ProducesResponseType(typeof(LedgerView), StatusCodes.Status200OK,
        Description = "Up to `pageSize` entries; `continuationToken` is null on the last page.")]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem, Description = "`pageSize` or `continuationToken` is malformed.")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, Problem, Description = NoCustomer)]
    public Task<IResult> LedgerAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/customers/{customerId}/ledger")] HttpRequest request) =>
        LedgerAdmin.PageAsync(request, ledger, request!.HttpContext.RequestAborted);

    [Function("AdminCustomerLedgerCsv")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [EndpointSummary("A customer's whole ledger as CSV for the accountant: every entry, newest first")]
    [ApiParameter("customerId", ParameterLocation.Path, CustomerIdHelp, CustomerIdExample)]
    [ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/csv",
        Description = "An attachment, UTF-8 with a byte order mark: the header row `entryId,recordedAt,occurredAt,kind,points,balanceAfter,merchantId,operationId,amount,currency,note,by`, then one row an entry; times in UTC, numbers with a `.` decimal point.")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, Problem, Description = NoCustomer)]
    public Task<IResult> LedgerCsvAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/customers/{customerId}/ledger.csv")] HttpRequest request) =>
        LedgerAdmin.CsvAsync(request.Route("customerId"), ledger, request.HttpContext.RequestAborted);

    [Function("AdminCustomerAdjustments")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [EndpointSummary("Add or take off points by hand, with the reason and who made it; the customer is told in the bot")]
    [ApiParameter("customerId", ParameterLocation.Path, CustomerIdHelp, CustomerIdExample)]
    [DescribedBody("POST", typeof(NewAdjustmentBody))]
    [ProducesResponseType(typeof(AdjustmentView), StatusCodes.Status201Created,
        Description = "Applied (or applied before under this `adjustmentId` with this body: the first answer again), with the balance after it.")]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem,
        Description = "A field is missing, unknown, mistyped or invalid: `errors` names each; nothing is applied.")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, Problem, Description = NoCustomer)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, Problem,
        Description = "The `adjustmentId` was used before with another body, or the account was merged into another customer's.")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, Problem,
        Description = "Taking off more points than the customer holds (spendable and pending): an adjustment makes no debt; nothing is applied.")]
    public Task<IResult> AdjustmentsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/customers/{customerId}/adjustments")] HttpRequest request) =>
        AdjustmentAdmin.CreateAsync(request, ledger, program, notifier, loggers, request!.HttpContext.RequestAborted);

    [Function("AdminCustomerPhone")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [EndpointSummary("Correct a customer's phone: a first one is bound as the bot binds it, another replaces the one held")]
    [ApiParameter("customerId", ParameterLocation.Path, CustomerIdHelp, CustomerIdExample)]
    [DescribedBody("PUT", typeof(PhoneCorrectionBody))]
    [ProducesResponseType(typeof(CustomerView), StatusCodes.Status200OK, Description = ShownAsCustomer)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem, Description = "`phone` is missing or not a phone number.")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, Problem, Description = "No customer has this id, or their data was erased.")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, Problem, Description = "Another customer holds this phone; nothing changed.")]
    public Task<IResult> PhoneAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "admin/customers/{customerId}/phone")] HttpRequest request) =>
        CorrectionAdmin.PhoneAsync(request, corrections, ledger, program, time, request!.HttpContext.RequestAborted);

    [Function("AdminCustomerBirthday")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [EndpointSummary("Correct a customer's birthday: set or replace it, and the day the greetings find them on")]
    [ApiParameter("customerId", ParameterLocation.Path, CustomerIdHelp, CustomerIdExample)]
    [DescribedBody("PUT", typeof(BirthdayCorrectionBody))]
    [ProducesResponseType(typeof(CustomerView), StatusCodes.Status200OK, Description = ShownAsCustomer)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem, Description = "`birthday` is missing, malformed, no real day or in the future.")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, Problem, Description = "No customer has this id, or their data was erased.")]
    public Task<IResult> BirthdayAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "admin/customers/{customerId}/birthday")] HttpRequest request) =>
        CorrectionAdmin.BirthdayAsync(request, corrections, ledger, program, time, request!.HttpContext.RequestAborted);
}
