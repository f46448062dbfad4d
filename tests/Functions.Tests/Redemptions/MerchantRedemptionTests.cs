using System.Net;
using System.Text.Json;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Redemptions;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static LoyaltyBot.Functions.Tests.Redemptions.RedemptionScenario;

namespace LoyaltyBot.Functions.Tests.Redemptions;

/// <summary><c>POST /api/merchants/{merchantId}/redemptions</c> through HTTP, as a till sees it.</summary>
[Collection(RedemptionsApp.Name)]
public sealed class MerchantRedemptionTests(LoyaltyApp app)
{
    [Fact]
    public async Task ARedemptionAppliesThePointsAndAnswersTheDiscountAndTheBalance()
    {
        var s = await StartAsync(app, points: 500);
        var body = s.Body(points: 100, purchaseAmount: 1000m);

        using var response = await s.RedeemAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await JsonAsync(response);
        Assert.Equal(body["redemptionId"], answer.GetProperty("redemptionId").GetString());
        Assert.Equal(100, answer.GetProperty("pointsApplied").GetInt64());
        Assert.Equal(100m, answer.GetProperty("discount").GetProperty("amount").GetDecimal());
        Assert.Equal("RUB", answer.GetProperty("discount").GetProperty("currency").GetString());
        Assert.Equal(400, answer.GetProperty("balance").GetInt64());
        Assert.Equal(400, await s.BalanceAsync());
        var entry = Assert.Single(await s.EntriesAsync(LedgerEntryKind.Redeem));
        Assert.Equal((-100L, s.Till.MerchantId, $"{s.Till.MerchantId}.redemption/{body["redemptionId"]}"), (entry.Delta, entry.MerchantId, entry.Operation));
        await s.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task PointsAboveTheProgramsCapOfTheCheckAreCutToTheCap()
    {
        var s = await StartAsync(app, points: 1_000);

        using var response = await s.RedeemAsync(s.Body(points: 500, purchaseAmount: 999.99m));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await JsonAsync(response);
        Assert.Equal(299, answer.GetProperty("pointsApplied").GetInt64()); // 30% of 999.99, rounded down.
        Assert.Equal(701, answer.GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task PointsAboveTheBalanceAreCutToTheSpendablePoints()
    {
        var s = await StartAsync(app, points: 80);

        using var response = await s.RedeemAsync(s.Body(points: 200, purchaseAmount: 1000m));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await JsonAsync(response);
        Assert.Equal((80L, 80m, 0L), (answer.GetProperty("pointsApplied").GetInt64(), answer.GetProperty("discount").GetProperty("amount").GetDecimal(), answer.GetProperty("balance").GetInt64()));
        await s.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task AnExpiredCodeIsRefusedNamingTheCodeAndNothingIsSpent()
    {
        var s = await StartAsync(app, points: 500);
        var elevenMinutesAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-11));
        var old = await new RedemptionCodeStore(app.Storage, elevenMinutesAgo, NullLogger<RedemptionCodeStore>.Instance).IssueAsync(s.CustomerId, default);
        var body = Body(old.Code);

        using var response = await s.RedeemAsync(body);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "code", "expired");
        Assert.Equal(500, await s.BalanceAsync());
        Assert.False(await s.IsRecordedAsync((string)body["redemptionId"]!));
    }

    [Fact]
    public async Task AnUnknownCodeIsRefusedNamingTheCode()
    {
        var s = await StartAsync(app, points: 500);
        var unknown = s.Code == "000000" ? "000001" : "000000";

        using var response = await s.RedeemAsync(Body(unknown));

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "code", "unknown, expired or already used");
    }

    [Fact]
    public async Task AUsedCodeIsRefusedForAnotherRedemptionAtAnyMerchant()
    {
        var s = await StartAsync(app, points: 500);
        var otherTill = await MerchantClient.CreateAsync(app, "Bakery");
        using var first = await s.RedeemAsync(s.Body(points: 50));

        using var again = await s.RedeemAsync(s.Body(points: 50));
        using var elsewhere = await otherTill.PostAsync("redemptions", s.Body(points: 50));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertRefusedAsync(again, HttpStatusCode.UnprocessableEntity, "code", "already used");
        await AssertRefusedAsync(elsewhere, HttpStatusCode.UnprocessableEntity, "code", "already used");
        Assert.Equal(450, await s.BalanceAsync());
    }

    [Fact]
    public async Task WithNoSpendablePointsTheRedemptionIsRefusedAndTheCodeAndIdStayUsable()
    {
        var s = await StartAsync(app, points: 0);
        var redemptionId = MerchantClient.NewId("rd");

        using var refused = await s.RedeemAsync(s.Body(points: 100, redemptionId: redemptionId));
        await AssertRefusedAsync(refused, HttpStatusCode.UnprocessableEntity, "points", "spendable");
        await s.GivePointsAsync(60);
        using var retried = await s.RedeemAsync(s.Body(points: 90, redemptionId: redemptionId));

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(60, (await JsonAsync(retried)).GetProperty("pointsApplied").GetInt64());
        Assert.Equal(0, await s.BalanceAsync());
    }

    [Fact]
    public async Task ACheckTooSmallToTakeOnePointIsRefusedNamingThePurchaseAmount()
    {
        var s = await StartAsync(app, points: 500);

        using var response = await s.RedeemAsync(s.Body(points: 10, purchaseAmount: 3m));

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "purchaseAmount", "less than one point");
        using var bigger = await s.RedeemAsync(s.Body(points: 10, purchaseAmount: 100m));
        Assert.Equal(HttpStatusCode.OK, bigger.StatusCode);
    }

    [Fact]
    public async Task OfTenRedemptionsWithOneCodeAtOnceExactlyOneIsApplied()
    {
        var s = await StartAsync(app, points: 1_000);

        // Ten tills: one till's failed look-ups beyond five would be throttled.
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => s.Till.At($"192.0.2.{i}").PostAsync("redemptions", s.Body(points: 100))));

        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));
            Assert.Equal(900, await s.BalanceAsync());
            Assert.Single(await s.EntriesAsync(LedgerEntryKind.Redeem));
            await s.AssertLedgerBalancesAsync();
        }
        finally
        {
            Array.ForEach(responses, r => r.Dispose());
        }
    }

    [Fact]
    public async Task AReplayGetsTheFirstAnswerAgainAndIsAppliedOnce()
    {
        var s = await StartAsync(app, points: 500);
        var body = s.Body(points: 100);
        using var first = await s.RedeemAsync(body);
        await s.GivePointsAsync(1_000);

        using var replay = await s.Till.PostAsync("redemptions", body, signedAt: DateTimeOffset.UtcNow.AddSeconds(-30));

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Single(await s.EntriesAsync(LedgerEntryKind.Redeem));
        Assert.Equal(1_400, await s.BalanceAsync());
    }

    [Fact]
    public async Task TheSameRedemptionIdWithAnotherBodyIsAConflict()
    {
        var s = await StartAsync(app, points: 500);
        var body = s.Body(points: 100);
        using var first = await s.RedeemAsync(body);

        using var changed = await s.RedeemAsync(new Dictionary<string, object?>(body) { ["points"] = 200 });

        await AssertRefusedAsync(changed, HttpStatusCode.Conflict, "redemptionId", "already used");
        Assert.Equal(400, await s.BalanceAsync());
    }

    [Theory]
    [InlineData("""{}""", "redemptionId,code,points,purchaseAmount")]
    [InlineData("""{"redemptionId": 7, "code": 123456, "points": "100", "purchaseAmount": "1000"}""", "redemptionId,code,points,purchaseAmount")]
    [InlineData("""{"redemptionId": "r-1", "code": "VALID", "points": 0, "purchaseAmount": 1000}""", "points")]
    [InlineData("""{"redemptionId": "r-1", "code": "VALID", "points": -5, "purchaseAmount": 1000}""", "points")]
    [InlineData("""{"redemptionId": "r-1", "code": "VALID", "points": 10.5, "purchaseAmount": 1000}""", "points")]
    [InlineData("""{"redemptionId": "r-1", "code": "12345", "points": 10, "purchaseAmount": 1000}""", "code")]
    [InlineData("""{"redemptionId": "r-1", "code": "1234567", "points": 10, "purchaseAmount": 1000}""", "code")]
    [InlineData("""{"redemptionId": "r-1", "code": "12a456", "points": 10, "purchaseAmount": 1000}""", "code")]
    [InlineData("""{"redemptionId": "r-1", "code": "VALID", "points": 10, "purchaseAmount": 0}""", "purchaseAmount")]
    [InlineData("""{"redemptionId": "r-1", "code": "VALID", "points": 10, "purchaseAmount": 10.001}""", "purchaseAmount")]
    [InlineData("""{"redemptionId": "r-1", "code": "VALID", "points": 10, "purchaseAmount": 1000, "currency": "USD"}""", "currency")]
    [InlineData("""{"redemptionId": "", "code": "VALID", "points": 10, "purchaseAmount": 1000}""", "redemptionId")]
    [InlineData("""[1, 2]""", "$")]
    public async Task BadInputIsA400NamingEachBadFieldAndNothingIsStored(string json, string fields)
    {
        var s = await StartAsync(app, points: 500);

        using var response = await s.RedeemAsync(json.Replace("VALID", s.Code, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await JsonAsync(response)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal);
        Assert.Equal(fields.Split(',').Order(StringComparer.Ordinal), errors);
        Assert.Null((await s.Codes.FindAsync(s.Code, default))?.UsedBy);
        Assert.False(await s.IsRecordedAsync("r-1"));
        Assert.Equal(500, await s.BalanceAsync());
    }

    [Fact]
    public async Task ABadSignatureIs401AndNothingIsStored()
    {
        var s = await StartAsync(app, points: 500);
        var body = s.Body(points: 100);

        using var response = await s.Till.PostAsync("redemptions", body, signature: "t=1,v1=" + new string('0', 64));
        using var stale = await s.Till.PostAsync("redemptions", body, signedAt: DateTimeOffset.UtcNow.AddMinutes(-6));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Null((await s.Codes.FindAsync(s.Code, default))?.UsedBy);
        Assert.False(await s.IsRecordedAsync((string)body["redemptionId"]!));
        Assert.Equal(500, await s.BalanceAsync());
    }

    [Fact]
    public async Task AnUnknownMerchantIs404()
    {
        var s = await StartAsync(app, points: 500);

        using var response = await s.Till.PostAsync("redemptions", s.Body(), merchantId: "m-nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task APostToOneRedemptionsAddressIsNotAllowed()
    {
        var s = await StartAsync(app, points: 500);

        using var response = await s.Till.PostAsync("redemptions/rd-1", s.Body());

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Null((await s.Codes.FindAsync(s.Code, default))?.UsedBy);
    }

    [Fact]
    public async Task TheMerchantApiDocumentDescribesRedemptionsAndTheirCancel()
    {
        var document = await JsonSerializer.DeserializeAsync<JsonElement>(await app.Client.GetStreamAsync(new Uri("/api/openapi/merchant.json", UriKind.Relative)));

        var paths = document.GetProperty("paths");
        var post = paths.GetProperty("/api/merchants/{merchantId}/redemptions").GetProperty("post");
        Assert.Contains("RedemptionBody", post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString(), StringComparison.Ordinal);
        Assert.All(["200", "400", "401", "404", "409", "422"], (string status) => Assert.True(post.GetProperty("responses").TryGetProperty(status, out _), status));
        var delete = paths.GetProperty("/api/merchants/{merchantId}/redemptions/{redemptionId}").GetProperty("delete");
        Assert.All(["200", "401", "404"], (string status) => Assert.True(delete.GetProperty("responses").TryGetProperty(status, out _), status));
    }

    internal static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string field, string detail)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
