using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoyaltyBot.Functions.Merchants;

/// <summary>The shape of a purchase body, for the OpenAPI document (the endpoint reads the raw bytes, which it must sign-check).</summary>
public sealed record PurchaseBody(
    string PurchaseId, string? Phone, string? CardNumber, long? TelegramUserId, decimal Amount, string? Currency, DateTimeOffset OccurredAt,
    IReadOnlyList<PurchaseItemBody>? Items, long? PointsRedeemed);

public sealed record PurchaseItemBody(string? Sku, string? Category, decimal Quantity, decimal Price);

public sealed record RefundBody(string RefundId, string PurchaseId, decimal Amount, string? Currency);

/// <summary><c>GET /api/openapi/merchant.json</c>: the merchant API as OpenAPI 3.1, with how to sign a request.</summary>
public static class MerchantApiDocument
{
    public const string Name = "merchant";

    private const string SigningHelp =
        "Every request carries `X-Loyalty-Signature: t=<unix seconds>,v1=<hex>`, where hex is the lowercase hex HMAC-SHA256 of " +
        "`<t>.<raw body>` keyed with the UTF-8 bytes of the merchant's secret. Requests more than 300 s from the server's clock are " +
        "refused. Each operation carries the merchant's own id (purchaseId, refundId, redemptionId): a replay gets the first answer, " +
        "the same id with another body gets 409. Errors are RFC 9457 problem+json naming the field.";

    public static IServiceCollection AddMerchantApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(Name, options =>
        {
            options.ShouldInclude = endpoint => endpoint.RelativePath?.StartsWith("api/merchants/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = "LoyaltyBot merchant API", Version = "1", Description = SigningHelp };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["signature"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = MerchantSignature.Header,
                    Description = SigningHelp,
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("signature", document)] = [] }];
                return Task.CompletedTask;
            });
        });

    /// <summary>The document as JSON, generated from the functions' descriptions (<see cref="Hosting.FunctionDescriptions"/>).</summary>
    internal static async Task<IResult> GetAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var document = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>(Name).GetOpenApiDocumentAsync(cancellationToken);
        using var json = new MemoryStream();
        await document.SerializeAsJsonAsync(json, OpenApiSpecVersion.OpenApi3_1, cancellationToken);
        return Results.Bytes(json.ToArray(), "application/json;charset=utf-8");
    }
}
