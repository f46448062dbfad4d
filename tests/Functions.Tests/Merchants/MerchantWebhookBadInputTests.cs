using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Merchants;

/// <summary>
/// Every kind of bad request gets a 4xx problem+json naming what is wrong, and leaves no trace in storage or the queue.
/// The app's AccruePurchase is off, so a message queued by mistake would stay there to be seen, not be taken and applied.
/// </summary>
public sealed class MerchantWebhookBadInputTests(HeldPurchasesApp app) : IClassFixture<HeldPurchasesApp>
{
    public static TheoryData<string> Cases => new(BadRequests.Keys);

    private static readonly Dictionary<string, BadRequest> BadRequests = new()
    {
        ["malformed JSON"] = new(_ => "{\"purchaseId\": \"p-1\", \"amount\": 10", HttpStatusCode.BadRequest, "$"),
        ["not an object"] = new(_ => "[1, 2, 3]", HttpStatusCode.BadRequest, "$"),
        ["empty body"] = new(_ => "", HttpStatusCode.BadRequest, "$"),
        ["missing fields"] = new(_ => "{}", HttpStatusCode.BadRequest, "purchaseId", "amount", "occurredAt", "customer"),
        ["wrong types"] = new(p => With(p, ("amount", "1000"), ("purchaseId", 42), ("items", "none")), HttpStatusCode.BadRequest, "amount", "purchaseId", "items"),
        ["amount zero"] = new(p => With(p, ("amount", 0)), HttpStatusCode.BadRequest, "amount"),
        ["amount negative"] = new(p => With(p, ("amount", -5)), HttpStatusCode.BadRequest, "amount"),
        ["amount with a fraction of a kopeck"] = new(p => With(p, ("amount", 10.001m)), HttpStatusCode.BadRequest, "amount"),
        ["another currency"] = new(p => With(p, ("currency", "USD")), HttpStatusCode.BadRequest, "currency"),
        ["future occurredAt"] = new(p => With(p, ("occurredAt", DateTimeOffset.UtcNow.AddHours(2).ToString("O"))), HttpStatusCode.BadRequest, "occurredAt"),
        ["ancient occurredAt"] = new(p => With(p, ("occurredAt", "2001-01-01T10:00:00Z")), HttpStatusCode.BadRequest, "occurredAt"),
        ["occurredAt without an offset"] = new(p => With(p, ("occurredAt", "2026-11-20T10:00:00")), HttpStatusCode.BadRequest, "occurredAt"),
        ["bad phone"] = new(p => With(p, ("phone", "12345")), HttpStatusCode.BadRequest, "phone"),
        ["two customers"] = new(p => With(p, ("cardNumber", "4000 0000 0002")), HttpStatusCode.BadRequest, "customer"),
        ["card with a bad check digit"] = new(p => With(p, ("phone", null), ("cardNumber", "1234 5678 9013")), HttpStatusCode.BadRequest, "cardNumber"),
        ["unknown card"] = new(p => With(p, ("phone", null), ("cardNumber", CardNumber.NewRandom().Digits)), HttpStatusCode.UnprocessableEntity, "cardNumber"),
        ["unknown Telegram user"] = new(p => With(p, ("phone", null), ("telegramUserId", 987654321012)), HttpStatusCode.UnprocessableEntity, "telegramUserId"),
        ["negative points redeemed"] = new(p => With(p, ("pointsRedeemed", -1)), HttpStatusCode.BadRequest, "pointsRedeemed"),
        ["item without a price"] = new(p => With(p, ("items", new[] { new { sku = "A", quantity = 1 } })), HttpStatusCode.BadRequest, "items[0].price"),
        ["huge body"] = new(p => With(p, ("note", new string('x', 200_000))), HttpStatusCode.RequestEntityTooLarge),
        ["deeply nested"] = new(p => "{\"a\":" + new string('[', 100) + new string(']', 100) + "}", HttpStatusCode.BadRequest, "$"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ABadPurchaseGetsAProblemNamingTheFieldAndLeavesNothingBehind(string name)
    {
        var (till, purchase) = await NewPurchaseAsync();
        var bad = BadRequests[name];

        using var response = await till.PostAsync("purchases", bad.Body(purchase));

        await AssertProblemAsync(response, bad.Status, bad.Fields);
        await AssertNothingStoredAsync(till, purchase);
    }

    [Fact]
    public async Task AnUnknownMerchantIsNotFound()
    {
        var (till, purchase) = await NewPurchaseAsync();

        using var response = await till.PostAsync("purchases", purchase, merchantId: "m00000000000000000000");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, []);
        await AssertNothingStoredAsync(till, purchase);
    }

    public static TheoryData<string> Signatures => new("missing", "malformed", "stale", "future", "other secret", "uppercase hex", "other body");

    [Theory]
    [MemberData(nameof(Signatures))]
    public async Task AWrongMissingOrStaleSignatureIsUnauthorized(string kind)
    {
        var (till, purchase) = await NewPurchaseAsync();
        var body = JsonSerializer.SerializeToUtf8Bytes(purchase, JsonSerializerOptions.Web);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = kind switch
        {
            "missing" => "",
            "malformed" => "sha256=abc",
            "stale" => MerchantSignature.Sign(till.Merchant.Secret, now - 301, body),
            "future" => MerchantSignature.Sign(till.Merchant.Secret, now + 400, body),
            "other secret" => MerchantSignature.Sign("whsec_" + new string('0', 64), now, body),
            "uppercase hex" => MerchantSignature.Sign(till.Merchant.Secret, now, body).ToUpperInvariant().Replace("T=", "t=", StringComparison.Ordinal).Replace("V1=", "v1=", StringComparison.Ordinal),
            _ => MerchantSignature.Sign(till.Merchant.Secret, now, JsonSerializer.SerializeToUtf8Bytes(With(purchase, ("amount", 1)), JsonSerializerOptions.Web)),
        };

        using var response = await till.PostAsync("purchases", body, signature: signature);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, []);
        await AssertNothingStoredAsync(till, purchase);
    }

    [Fact]
    public async Task ARefundWithBadFieldsGetsAProblemNamingThem()
    {
        var (till, _) = await NewPurchaseAsync();

        using var response = await till.PostAsync("refunds", new { refundId = "", purchaseId = 7, amount = -3 });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, ["refundId", "purchaseId", "amount"]);
        await AssertNothingQueuedAsync();
    }

    private async Task<(MerchantClient Till, Dictionary<string, object?> Purchase)> NewPurchaseAsync() =>
        (await MerchantClient.CreateAsync(app), MerchantClient.Purchase(MerchantClient.NewPhone()));

    private static string With(Dictionary<string, object?> purchase, params (string Name, object? Value)[] changes)
    {
        var changed = new Dictionary<string, object?>(purchase);
        foreach (var (name, value) in changes)
        {
            changed[name] = value;
        }

        return JsonSerializer.Serialize(changed, JsonSerializerOptions.Web);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, IReadOnlyList<string> fields)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        var named = new HashSet<string>(StringComparer.Ordinal);
        if (problem.TryGetProperty("errors", out var errors))
        {
            named.UnionWith(errors.EnumerateObject().Select(e => e.Name));
        }

        if (problem.TryGetProperty("field", out var field))
        {
            named.Add(field.GetString()!);
        }

        foreach (var expected in fields)
        {
            Assert.True(named.Contains(expected), $"The problem does not name {expected}: {text}");
        }
    }

    private async Task AssertNothingStoredAsync(MerchantClient till, Dictionary<string, object?> purchase)
    {
        var requests = app.Storage.Table(TableNames.MerchantRequests);
        var recorded = await requests.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {till.MerchantId} and PartitionKey lt {till.MerchantId + "~"}")).ToListAsync();
        Assert.Empty(recorded);
        var phone = PhoneNumber.Parse((string)purchase["phone"]!).Value;
        Assert.Null(await app.Services.GetRequiredService<CustomerDirectory>().FindAsync(LookupKey.Phone(phone), default));
        await AssertNothingQueuedAsync();
    }

    /// <summary>Neither queue holds a message: the purchases queue (which nothing here drains) nor its poison queue.</summary>
    private async Task AssertNothingQueuedAsync()
    {
        foreach (var queue in new[] { QueueNames.Purchases, QueueNames.Purchases + StorageAccount.PoisonSuffix })
        {
            Assert.Equal(0, (await app.Storage.Queue(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }
    }

    private sealed record BadRequest(Func<Dictionary<string, object?>, string> Body, HttpStatusCode Status, params string[] Fields);
}
