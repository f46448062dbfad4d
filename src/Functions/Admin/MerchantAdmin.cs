using System.Text.Json;
using LoyaltyBot.Functions.Merchants;

namespace LoyaltyBot.Functions.Admin;

/// <summary>A new merchant with its secret: the only answer besides a rotation that ever shows the secret.</summary>
public sealed record CreatedMerchant(string MerchantId, string Name, string Secret, DateTimeOffset CreatedAt);

/// <summary>A rotated secret; the previous one keeps signing until <see cref="PreviousSecretValidUntil"/>.</summary>
public sealed record RotatedSecret(string MerchantId, string Secret, DateTimeOffset? PreviousSecretValidUntil);

/// <summary>A page of merchants, oldest first; <see cref="Next"/>, when present, is the <c>after</c> of the next page.</summary>
public sealed record MerchantList(IReadOnlyList<MerchantSummary> Merchants, string? Next);

/// <summary><c>GET</c> and <c>POST /api/admin/merchants</c>, <c>POST /api/admin/merchants/{merchantId}/secret</c>.</summary>
internal static partial class MerchantAdmin
{
    public const int MaxNameLength = 100;
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static async Task<IResult> HandleAsync(HttpRequest request, MerchantStore merchants, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        HttpMethods.IsGet(request.Method)
            ? await ListAsync(request, merchants, cancellationToken)
            : await CreateAsync(request.HttpContext, merchants, loggers, cancellationToken);

    /// <summary>A page of <c>pageSize</c> merchants (default 100, at most 1000) after the merchant <c>after</c>.</summary>
    public static async Task<IResult> ListAsync(HttpRequest request, MerchantStore merchants, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var size = request.Query["pageSize"].ToString();
        var pageSize = DefaultPageSize;
        if (size.Length > 0 && (!int.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pageSize)
            || pageSize is < 1 or > MaxPageSize))
        {
            errors.Add("pageSize", $"must be a whole number from 1 to {MaxPageSize}");
        }

        var after = request.Query["after"].ToString() is { Length: > 0 } given ? given : null;
        if (after is not null && !IsWellFormed(after))
        {
            errors.Add("after", "must be a merchant's id, as the previous page's next");
        }

        if (errors.Any)
        {
            return AdminEndpoints.Invalid(errors);
        }

        var page = await merchants.ListAsync(pageSize, after, cancellationToken);
        return Results.Ok(new MerchantList(page, page.Count == pageSize ? page[^1].MerchantId : null));
    }

    public static async Task<IResult> CreateAsync(HttpContext http, MerchantStore merchants, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (body, refusal) = await AdminEndpoints.ReadJsonAsync(http.Request, cancellationToken);
        using var document = body;
        var errors = new FieldErrors();
        var name = document is null ? null : ReadName(document.RootElement, errors);
        if (name is null)
        {
            return refusal ?? AdminEndpoints.Invalid(errors);
        }

        var merchant = await merchants.CreateAsync(name, cancellationToken);
        var logger = loggers.CreateLogger(typeof(MerchantAdmin));
        LogCreated(logger, merchant.MerchantId);
        NotForCaches(http);
        return Results.Created($"/api/admin/merchants/{merchant.MerchantId}", new CreatedMerchant(merchant.MerchantId, merchant.Name, merchant.Secret, merchant.CreatedAt));
    }

    public static async Task<IResult> RotateSecretAsync(string merchantId, HttpContext http, MerchantStore merchants, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // An id that cannot be a merchant's never reaches storage, where it could be an invalid key.
        var rotated = IsWellFormed(merchantId) ? await merchants.RotateSecretAsync(merchantId, cancellationToken) : null;
        if (rotated is null)
        {
            return AdminEndpoints.NotFound("Unknown merchant", $"No merchant has the id '{merchantId}'.");
        }

        var logger = loggers.CreateLogger(typeof(MerchantAdmin));
        LogRotated(logger, rotated.MerchantId, rotated.PreviousSecretValidUntil);
        NotForCaches(http);
        return Results.Ok(new RotatedSecret(rotated.MerchantId, rotated.Secret, rotated.PreviousSecretValidUntil));
    }

    /// <summary>The trimmed name of <c>{"name": "..."}</c>, or null with the problems added.</summary>
    private static string? ReadName(JsonElement body, FieldErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "the body must be a JSON object like {\"name\": \"...\"}");
            return null;
        }

        if (!body.TryGetProperty("name", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add("name", "is required");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add("name", "must be a string");
            return null;
        }

        var name = value.GetString()!.Trim();
        if (name.Length == 0)
        {
            errors.Add("name", "must not be blank");
            return null;
        }

        if (name.Length > MaxNameLength)
        {
            errors.Add("name", $"must be at most {MaxNameLength} characters");
            return null;
        }

        return name;
    }

    private static bool IsWellFormed(string merchantId) => merchantId is { Length: > 0 and <= 64 } && merchantId.All(char.IsAsciiLetterOrDigit);

    // The answer carries a secret: no proxy or browser may keep it.
    private static void NotForCaches(HttpContext http) => http.Response.Headers.CacheControl = "no-store";

    [LoggerMessage(Level = LogLevel.Information, Message = "Merchant {MerchantId} created by an operator")]
    private static partial void LogCreated(ILogger logger, string merchantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Secret of merchant {MerchantId} rotated by an operator; the previous one is valid until {ValidUntil}")]
    private static partial void LogRotated(ILogger logger, string merchantId, DateTimeOffset? validUntil);
}
