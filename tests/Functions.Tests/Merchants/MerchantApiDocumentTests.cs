using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Merchants;

public sealed class MerchantApiDocumentTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    [Fact]
    public async Task TheAppServesAnOpenApiDocumentOfTheMerchantApiWithHowToSign()
    {
        var document = await app.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/openapi/merchant.json", UriKind.Relative));

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/merchants/{merchantId}/purchases", paths);
        Assert.Contains("/api/merchants/{merchantId}/refunds", paths);
        Assert.All(paths, path => Assert.StartsWith("/api/merchants/", path, StringComparison.Ordinal));
        var purchase = document.GetProperty("paths").GetProperty("/api/merchants/{merchantId}/purchases").GetProperty("post");
        Assert.True(purchase.GetProperty("responses").TryGetProperty("202", out _));
        Assert.True(purchase.GetProperty("responses").TryGetProperty("409", out _));
        var body = purchase.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Contains("PurchaseBody", body.GetProperty("$ref").GetString(), StringComparison.Ordinal);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("signature");
        Assert.Equal("X-Loyalty-Signature", scheme.GetProperty("name").GetString());
        Assert.Contains("HMAC-SHA256", scheme.GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
