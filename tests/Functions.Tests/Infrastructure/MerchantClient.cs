using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LoyaltyBot.Functions.Merchants;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Infrastructure;

/// <summary>A merchant's till: posts JSON to the merchant webhook signed with its secret, as docs/merchant-api.md tells merchants to.</summary>
public sealed class MerchantClient(HttpClient http, Merchant merchant)
{
    public Merchant Merchant => merchant;

    public string MerchantId => merchant.MerchantId;

    /// <summary>The till's address as the app sees it (<c>X-Forwarded-For</c>); null sends none.</summary>
    public string? Address { get; private init; }

    /// <summary>Another till of the same merchant, at <paramref name="address"/>.</summary>
    public MerchantClient At(string address) => new(http, merchant) { Address = address };

    public static async Task<MerchantClient> CreateAsync(LoyaltyApp app, string name = "Coffee House")
    {
        ArgumentNullException.ThrowIfNull(app);
        var merchant = await app.Services.GetRequiredService<MerchantStore>().CreateAsync(name, CancellationToken.None);
        return new MerchantClient(app.Client, merchant);
    }

    /// <summary>Posts <paramref name="body"/> (an object serialized as camelCase JSON, or a raw string) to <c>/api/merchants/{id}/{operation}</c>.</summary>
    public Task<HttpResponseMessage> PostAsync(string operation, object body, DateTimeOffset? signedAt = null, string? signature = null, string? merchantId = null) =>
        SendAsync(HttpMethod.Post, operation, body, signedAt, signature, merchantId);

    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string operation, object? body, DateTimeOffset? signedAt = null, string? signature = null, string? merchantId = null)
    {
        var bytes = body switch
        {
            null => [],
            string raw => Encoding.UTF8.GetBytes(raw),
            byte[] raw => raw,
            _ => JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web),
        };
        using var request = new HttpRequestMessage(method, new Uri($"/api/merchants/{merchantId ?? MerchantId}/{operation}", UriKind.Relative))
        {
            Content = new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (Address is not null)
        {
            request.Headers.Add("X-Forwarded-For", Address);
        }

        request.Headers.TryAddWithoutValidation(MerchantSignature.Header,
            signature ?? MerchantSignature.Sign(merchant.Secret, (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(), bytes));
        return await http.SendAsync(request);
    }

    /// <summary>A purchase body for a phone, with fresh ids unless given.</summary>
    public static Dictionary<string, object?> Purchase(string phone, decimal amount = 1000m, string? purchaseId = null, DateTimeOffset? occurredAt = null) => new()
    {
        ["purchaseId"] = purchaseId ?? NewId("p"),
        ["phone"] = phone,
        ["amount"] = amount,
        ["currency"] = "RUB",
        ["occurredAt"] = (occurredAt ?? DateTimeOffset.UtcNow.AddMinutes(-1)).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>A Russian mobile number no other test uses.</summary>
    public static string NewPhone() => "+7912" + Random.Shared.Next(0, 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
}
