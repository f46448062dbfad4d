using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Merchants;

/// <summary>The merchant API's OpenAPI document says what the webhook really accepts and answers.</summary>
public sealed class MerchantApiDocumentTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    private static readonly string[] CustomerKeys = ["phone", "cardNumber", "telegramUserId"];

    [Fact]
    public async Task TheAppServesAnOpenApiDocumentOfTheMerchantApiWithHowToSign()
    {
        var document = await DocumentAsync();

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
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Contains("HMAC-SHA256", scheme.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("<t>.<raw body>", scheme.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APurchaseRequiresOnlyItsIdAmountAndTimeAndExactlyOneCustomerKey()
    {
        var purchase = Schema(await DocumentAsync(), "PurchaseBody");

        Assert.Equal(["amount", "occurredAt", "purchaseId"], Required(purchase).Order(StringComparer.Ordinal));
        var branches = purchase.GetProperty("oneOf").EnumerateArray().Select(Required).ToList();
        Assert.Equal(CustomerKeys.Select(key => new[] { key }), branches);
        var refund = Schema(await DocumentAsync(), "RefundBody");
        Assert.Equal(["amount", "purchaseId", "refundId"], Required(refund).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task APurchaseOfTheRequiredFieldsAndOneCustomerKeyAsTheDocumentShowsThemIsAccepted()
    {
        var purchase = Schema(await DocumentAsync(), "PurchaseBody");
        var body = Fresh(Examples(purchase, [.. Required(purchase), "phone"]));
        var till = await MerchantClient.CreateAsync(app);

        using var response = await till.PostAsync("purchases", body.ToJsonString());

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task APurchaseOfEveryFieldAsTheDocumentShowsItWithOneCustomerKeyIsAccepted()
    {
        var purchase = Schema(await DocumentAsync(), "PurchaseBody");
        var fields = purchase.GetProperty("properties").EnumerateObject().Select(p => p.Name).Except(["cardNumber", "telegramUserId"]);
        var body = Fresh(Examples(purchase, fields));
        var till = await MerchantClient.CreateAsync(app);

        using var response = await till.PostAsync("purchases", body.ToJsonString());

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        Assert.NotNull(body["items"]);
    }

    [Theory]
    [InlineData("phone,cardNumber")]
    [InlineData("phone,telegramUserId")]
    [InlineData("")]
    public async Task APurchaseWithOtherThanOneCustomerKeyWhichTheDocumentRulesOutIsRefusedNamingTheCustomer(string keys)
    {
        var purchase = Schema(await DocumentAsync(), "PurchaseBody");
        var body = Fresh(Examples(purchase, [.. Required(purchase), .. keys.Split(',', StringSplitOptions.RemoveEmptyEntries)]));
        var till = await MerchantClient.CreateAsync(app);

        using var response = await till.PostAsync("purchases", body.ToJsonString());

        await AssertRefusedNamingAsync(response, "customer");
    }

    [Theory]
    [InlineData("purchaseId")]
    [InlineData("amount")]
    [InlineData("occurredAt")]
    public async Task APurchaseWithoutAFieldTheDocumentRequiresIsRefusedNamingIt(string field)
    {
        var purchase = Schema(await DocumentAsync(), "PurchaseBody");
        var body = Fresh(Examples(purchase, [.. Required(purchase), "phone"]));
        body.Remove(field);
        var till = await MerchantClient.CreateAsync(app);

        using var response = await till.PostAsync("purchases", body.ToJsonString());

        await AssertRefusedNamingAsync(response, field);
    }

    [Fact]
    public async Task AnAmountWrittenAsAStringWhichTheDocumentTypesAsANumberIsRefused()
    {
        var purchase = Schema(await DocumentAsync(), "PurchaseBody");
        Assert.Equal("number", purchase.GetProperty("properties").GetProperty("amount").GetProperty("type").GetString());
        var body = Fresh(Examples(purchase, [.. Required(purchase), "phone"]));
        body["amount"] = "1250.00";
        var till = await MerchantClient.CreateAsync(app);

        using var response = await till.PostAsync("purchases", body.ToJsonString());

        await AssertRefusedNamingAsync(response, "amount");
    }

    [Fact]
    public async Task ARefundOfTheRequiredFieldsAsTheDocumentShowsThemIsAccepted()
    {
        var refund = Schema(await DocumentAsync(), "RefundBody");
        var body = Examples(refund, Required(refund));
        body["refundId"] = MerchantClient.NewId("r");
        body["purchaseId"] = MerchantClient.NewId("p");
        var till = await MerchantClient.CreateAsync(app);

        using var response = await till.PostAsync("refunds", body.ToJsonString());

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnUnsignedRequestGetsTheProblemJson401TheDocumentDescribes()
    {
        var document = await DocumentAsync();
        var described = document.GetProperty("paths").GetProperty("/api/merchants/{merchantId}/refunds").GetProperty("post").GetProperty("responses").GetProperty("401");
        var till = await MerchantClient.CreateAsync(app);

        using var response = await till.PostAsync("refunds", "{}", signature: "t=1,v1=00");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(described.GetProperty("content").EnumerateObject().Single().Name, response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonElement> DocumentAsync() =>
        await app.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/openapi/merchant.json", UriKind.Relative));

    internal static JsonElement Schema(JsonElement document, string name) => document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    internal static string[] Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(r => r.GetString()!)] : [];

    /// <summary>A body of the given fields, each with the first example the document shows for it.</summary>
    internal static JsonObject Examples(JsonElement schema, IEnumerable<string> fields)
    {
        var body = new JsonObject();
        foreach (var field in fields)
        {
            var example = schema.GetProperty("properties").GetProperty(field).GetProperty("examples")[0];
            body[field] = JsonNode.Parse(example.GetRawText());
        }

        return body;
    }

    /// <summary>The body with an id no other test uses and a time within the points' lifetime whatever the day.</summary>
    private static JsonObject Fresh(JsonObject body)
    {
        if (body.ContainsKey("purchaseId"))
        {
            body["purchaseId"] = MerchantClient.NewId("p");
        }

        if (body.ContainsKey("occurredAt"))
        {
            body["occurredAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        }

        return body;
    }

    private static async Task AssertRefusedNamingAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
    }
}
