using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Rules;
using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Admin;

/// <summary>
/// The program owner's HTTP API under <c>/api/admin</c>: merchants and their secrets, customer support lookups, the
/// program's rules. Every function requires the <c>X-Admin-Key</c> header.
/// </summary>
public sealed class AdminFunctions(
    MerchantStore merchants, CustomerDirectory directory, LedgerStore ledger, ProgramStore program, TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>POST creates a merchant and shows its secret once.</summary>
    [Function("AdminMerchants")]
    [RequiresAdminKey]
    public Task<IResult> MerchantsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/merchants")] HttpRequest request) =>
        MerchantAdmin.CreateAsync(request!.HttpContext, merchants, loggers, request.HttpContext.RequestAborted);

    /// <summary>POST rotates a merchant's secret.</summary>
    [Function("AdminMerchantSecret")]
    [RequiresAdminKey]
    public Task<IResult> MerchantSecretAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/merchants/{merchantId}/secret")] HttpRequest request) =>
        MerchantAdmin.RotateSecretAsync(request.Route("merchantId"), request.HttpContext, merchants, loggers, request.HttpContext.RequestAborted);

    /// <summary>GET finds a customer by <c>phone</c>, <c>card</c> or <c>telegramUserId</c>.</summary>
    [Function("AdminCustomers")]
    [RequiresAdminKey]
    public Task<IResult> CustomersAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/customers")] HttpRequest request) =>
        CustomerAdmin.FindAsync(request, directory, ledger, program, time, request!.HttpContext.RequestAborted);

    [Function("AdminCustomer")]
    [RequiresAdminKey]
    public Task<IResult> CustomerAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/customers/{customerId}")] HttpRequest request) =>
        CustomerAdmin.GetAsync(request.Route("customerId"), ledger, program, time, request.HttpContext.RequestAborted);

    [Function("AdminProgram")]
    [RequiresAdminKey]
    public Task<IResult> ProgramAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", Route = "admin/program")] HttpRequest request) =>
        ProgramAdmin.HandleAsync(request, program, loggers, request!.HttpContext.RequestAborted);
}
