using System.ComponentModel;
using LoyaltyBot.Functions.ApiReference;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoyaltyBot.Functions.Merchants;

/// <summary>The shape of a purchase body, for the OpenAPI document (the endpoint reads the raw bytes, which it must sign-check).</summary>
public sealed record PurchaseBody(
    [property: Description("The merchant's own id of the purchase, 1 to 100 printable characters: sent again, it gets the first answer.")]
    [property: Example("\"p-1001\"")]
    string PurchaseId,
    [property: Description("Total paid, in `currency`: greater than 0, no more decimals than the currency has (2 for RUB), at most the program's maximum.")]
    [property: Example("1250.00")]
    decimal Amount,
    [property: Description("When the purchase was made: ISO 8601 with seconds and an offset; not more than 5 minutes ahead, not older than the points' lifetime.")]
    [property: Example("\"2026-11-23T14:05:00+03:00\"")]
    DateTimeOffset OccurredAt,
    [property: Description("The customer's phone, one of the three customer keys: digits, spaces and `+ - ( ) .` only; a phone no one has bound yet is fine (its points wait for the customer).")]
    [property: Example("\"8 (912) 345-67-89\"")]
    string? Phone = null,
    [property: Description("The customer's loyalty card, one of the three customer keys: 12 digits with the check digit, spaces or dashes allowed.")]
    [property: Example("\"7123 4567 8908\"")]
    string? CardNumber = null,
    [property: Description("The customer's Telegram user id, one of the three customer keys.")]
    [property: Example("123456789")]
    long? TelegramUserId = null,
    [property: Description("ISO 4217 code; when absent, the program's currency. Any other than the program's is refused.")]
    [property: Example("\"RUB\"")]
    string? Currency = null,
    [property: Description("The check's lines, at most 500; campaigns may multiply the points of some categories.")]
    [property: Example("""[{"sku": "LATTE", "category": "coffee", "quantity": 2, "price": 625.00}]""")]
    IReadOnlyList<PurchaseItemBody>? Items = null,
    [property: Description("Points of a redemption already taken off this check: whole, not negative, at most the amount.")]
    [property: Example("0")]
    long? PointsRedeemed = null);

public sealed record PurchaseItemBody(
    [property: Description("Quantity sold: greater than 0.")]
    [property: Example("2")]
    decimal Quantity,
    [property: Description("Price of one unit: not negative.")]
    [property: Example("625.00")]
    decimal Price,
    [property: Description("The merchant's article code.")]
    [property: Example("\"LATTE\"")]
    string? Sku = null,
    [property: Description("The article's category, as campaigns name it.")]
    [property: Example("\"coffee\"")]
    string? Category = null);

public sealed record RefundBody(
    [property: Description("The merchant's own id of the refund, 1 to 100 printable characters: sent again, it gets the first answer.")]
    [property: Example("\"r-1\"")]
    string RefundId,
    [property: Description("The purchaseId refunded (it may arrive later than the refund: the refund waits for it).")]
    [property: Example("\"p-1001\"")]
    string PurchaseId,
    [property: Description("Money refunded: greater than 0, no more decimals than the currency has, at most what is left of the purchase; points are clawed back in proportion, never more than were earned.")]
    [property: Example("625.00")]
    decimal Amount,
    [property: Description("ISO 4217 code; when absent, the program's currency.")]
    [property: Example("\"RUB\"")]
    string? Currency = null);

/// <summary><c>GET /api/openapi/merchant.json</c>: the merchant API as OpenAPI 3.1, with how to sign a request.</summary>
public static class MerchantApiDocument
{
    /// <summary>The fields of which a purchase names exactly one: the customer's key.</summary>
    public static readonly string[] CustomerKeys = ["phone", "cardNumber", "telegramUserId"];

    private const string SigningHelp =
        "Every request carries `X-Loyalty-Signature: t=<unix seconds>,v1=<hex>`, where hex is the lowercase hex HMAC-SHA256 of " +
        "`<t>.<raw body>` keyed with the UTF-8 bytes of the merchant's secret (a DELETE, which has no body, signs `<t>.`). " +
        "Requests more than 300 s from the server's clock are refused with 401. Each operation carries the merchant's own id " +
        "(purchaseId, refundId, redemptionId): a replay gets the first answer, the same id with another body gets 409. " +
        "A body is one JSON object whose property names are unique (ignoring case) in every object. " +
        "Every error is RFC 9457 `application/problem+json` naming the field.";

    public static IServiceCollection AddMerchantApiDocument(this IServiceCollection services) =>
        services.AddApiDocument(
            ApiDocuments.Merchant,
            "api/merchants/",
            new OpenApiInfo { Title = "LoyaltyBot merchant API", Version = "1", Description = SigningHelp },
            "signature",
            new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = MerchantSignature.Header, Description = SigningHelp },
            options => options.AddSchemaTransformer(OneCustomerKey));

    /// <summary>The document as JSON, generated from the functions' descriptions (<see cref="Hosting.FunctionDescriptions"/>).</summary>
    internal static Task<IResult> GetAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        ApiDocuments.ServeAsync(services, ApiDocuments.Merchant, cancellationToken);

    /// <summary>
    /// A purchase names its customer by exactly one key given as a value (absent, null and blank are not given), as
    /// the webhook reads it.
    /// </summary>
    private static Task OneCustomerKey(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(PurchaseBody) && context.JsonPropertyInfo is null)
        {
            schema.OneOf = [.. CustomerKeys.Select(key => Given(key, key == "telegramUserId"
                ? new OpenApiSchema { Type = JsonSchemaType.Integer }
                : new OpenApiSchema { Type = JsonSchemaType.String, Pattern = @"\S" }))];
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Given(string field, OpenApiSchema value) => new()
    {
        Required = new HashSet<string> { field },
        Properties = new Dictionary<string, IOpenApiSchema> { [field] = value },
    };
}
