using System.Text.Json;
using LoyaltyBot.Functions.Hosting;

namespace LoyaltyBot.Functions.Merchants;

/// <summary>A merchant request that passed the checks every merchant endpoint makes: known merchant, signed body, JSON.</summary>
public sealed record MerchantCall(Merchant Merchant, JsonElement Body);

/// <summary>
/// The checks in front of every merchant endpoint, in the order that says the most useful thing first: the merchant
/// exists (404), the body is not too large (413) and is JSON by its type (415), the signature over the raw bytes holds
/// (401), the bytes parse as JSON with no repeated property (400, <see cref="JsonBody"/>). Each refusal is RFC 9457 problem+json; nothing is stored before all pass.
/// </summary>
public static class MerchantRequest
{
    /// <summary>Enough for a check of 500 lines; a till never needs more.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task<(MerchantCall? Call, IResult? Refusal)> ReadAsync(
        HttpRequest request, string merchantId, MerchantStore merchants, TimeProvider time, CancellationToken cancellationToken)
    {
        var (merchant, body, refusal) = await ReadSignedBodyAsync(request, merchantId, merchants, time, cancellationToken);
        if (merchant is null)
        {
            return (null, refusal);
        }

        var (document, invalid) = JsonBody.Parse(body);
        if (document is null)
        {
            return (null, invalid);
        }

        using (document)
        {
            return (new MerchantCall(merchant, document.RootElement.Clone()), null);
        }
    }

    /// <summary>
    /// The same checks for a request that carries no body, such as a DELETE: its signature is over <c>"&lt;t&gt;."</c>.
    /// A body, if one is sent, must be signed too but means nothing.
    /// </summary>
    public static async Task<(Merchant? Merchant, IResult? Refusal)> ReadSignedAsync(
        HttpRequest request, string merchantId, MerchantStore merchants, TimeProvider time, CancellationToken cancellationToken)
    {
        var (merchant, _, refusal) = await ReadSignedBodyAsync(request, merchantId, merchants, time, cancellationToken);
        return (merchant, refusal);
    }

    private static async Task<(Merchant? Merchant, byte[] Body, IResult? Refusal)> ReadSignedBodyAsync(
        HttpRequest request, string merchantId, MerchantStore merchants, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(merchants);
        ArgumentNullException.ThrowIfNull(time);
        var merchant = await merchants.FindAsync(merchantId, cancellationToken);
        if (merchant is null)
        {
            return (null, [], Problem(StatusCodes.Status404NotFound, "Unknown merchant", $"No merchant has the id '{Shorten(merchantId)}'."));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, [], TooLarge());
        }

        if (!JsonBody.IsJson(request))
        {
            return (null, [], JsonBody.UnsupportedMediaType());
        }

        var body = await ReadLimitedAsync(request.Body, cancellationToken);
        if (body is null)
        {
            return (null, [], TooLarge());
        }

        var now = time.GetUtcNow();
        var signature = MerchantSignature.Verify(request.Headers[MerchantSignature.Header].ToString(), body, now, merchant.SecretsValidAt(now));
        if (signature != SignatureCheck.Valid)
        {
            return (null, [], Problem(StatusCodes.Status401Unauthorized, "Bad signature", SignatureDetail(signature, now)));
        }

        return (merchant, body, null);
    }

    /// <summary>400 naming every bad field: <c>errors: {"field": ["message", ...]}</c>.</summary>
    public static IResult Invalid(FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Results.ValidationProblem(errors.ToDictionary(), title: "The request has invalid fields", detail: "See errors for each field.");
    }

    public static IResult Problem(int status, string title, string detail, string? field = null) =>
        Results.Problem(statusCode: status, title: title, detail: detail,
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    /// <summary>The same id was used before for a different body.</summary>
    public static IResult IdReused(string field, string id) => Problem(StatusCodes.Status409Conflict, "Id already used",
        $"{field} '{Shorten(id)}' was already used for a different request; use a new {field} for a new operation.", field);

    /// <summary>429 with <c>Retry-After</c>: too many unknown keys from this till or merchant; the look-up was not made.</summary>
    public static IResult TooManyFailedLookups(TimeSpan retryAfter) => Problem(StatusCodes.Status429TooManyRequests,
        "Too many failed look-ups", $"Too many unknown, expired or used codes, cards or Telegram ids from this till or merchant; try again in {retryAfter.TotalSeconds:F0} s.")
        .WithRetryAfter(retryAfter);

    private static IResult TooLarge() =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body must be at most {MaxBodyBytes} bytes.");

    private static string SignatureDetail(SignatureCheck check, DateTimeOffset now) => check switch
    {
        SignatureCheck.Missing => $"The {MerchantSignature.Header} header is missing.",
        SignatureCheck.Malformed => $"The {MerchantSignature.Header} header must look like t=<unix seconds>,v1=<64 lowercase hex>.",
        SignatureCheck.Stale => $"The signature's time t is more than {MerchantSignature.Tolerance.TotalSeconds:F0} s from the server's ({now.ToUnixTimeSeconds()}); check the till's clock.",
        _ => "The signature does not match the body and the merchant's secret.",
    };

    /// <summary>The body, or null when it is longer than <see cref="MaxBodyBytes"/> (a chunked body has no length to check first).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
