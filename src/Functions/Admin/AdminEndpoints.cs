using System.Text.Json;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Merchants;

namespace LoyaltyBot.Functions.Admin;

/// <summary>
/// The program owner's HTTP API under <c>/api/admin</c>: merchants and their secrets, customer support lookups, the
/// program's rules. Every endpoint requires the <c>X-Admin-Key</c> header; errors are RFC 9457 problem+json.
/// </summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapFunction(LoyaltyFunctions.AdminMerchants, MerchantAdmin.CreateAsync).RequireAdminKey();
        endpoints.MapFunction(LoyaltyFunctions.AdminMerchantSecret, MerchantAdmin.RotateSecretAsync).RequireAdminKey();
        endpoints.MapFunction(LoyaltyFunctions.AdminCustomers, CustomerAdmin.FindAsync).RequireAdminKey();
        endpoints.MapFunction(LoyaltyFunctions.AdminCustomer, CustomerAdmin.GetAsync).RequireAdminKey();
        endpoints.MapFunction(LoyaltyFunctions.AdminProgram, ProgramAdmin.HandleAsync).RequireAdminKey();
        return endpoints;
    }

    /// <summary>The request body as JSON, or the refusal to answer (<see cref="JsonBody"/>).</summary>
    internal static Task<(JsonDocument? Document, IResult? Refusal)> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken) =>
        JsonBody.ReadAsync(request, cancellationToken);

    /// <summary>400 with every problem by field: <c>{"errors": {"field": ["message"]}}</c>.</summary>
    internal static IResult Invalid(FieldErrors errors) => Results.ValidationProblem(errors.ToDictionary());

    internal static IResult NotFound(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);
}
