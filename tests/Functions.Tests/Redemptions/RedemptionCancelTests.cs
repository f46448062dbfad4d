using System.Net;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using static LoyaltyBot.Functions.Tests.Redemptions.MerchantRedemptionTests;
using static LoyaltyBot.Functions.Tests.Redemptions.RedemptionScenario;

namespace LoyaltyBot.Functions.Tests.Redemptions;

/// <summary><c>DELETE /api/merchants/{merchantId}/redemptions/{redemptionId}</c>: the purchase never happened.</summary>
[Collection(RedemptionsApp.Name)]
public sealed class RedemptionCancelTests(LoyaltyApp app)
{
    [Fact]
    public async Task CancellingARedemptionGivesItsPointsBackAndAnswersTheBalance()
    {
        var s = await StartAsync(app, points: 500);
        var redemptionId = await RedeemAsync(s, 120);
        Assert.Equal(380, await s.BalanceAsync());

        using var response = await s.CancelAsync(redemptionId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await JsonAsync(response);
        Assert.Equal(redemptionId, answer.GetProperty("redemptionId").GetString());
        Assert.Equal((120L, 500L), (answer.GetProperty("pointsRestored").GetInt64(), answer.GetProperty("balance").GetInt64()));
        Assert.Equal(500, await s.BalanceAsync());
        var cancel = Assert.Single(await s.EntriesAsync(LedgerEntryKind.RedemptionCancel));
        Assert.Equal((120L, s.Till.MerchantId), (cancel.Delta, cancel.MerchantId));
        await s.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task CancellingTwiceGivesThePointsBackOnceAndAnswersTheSame()
    {
        var s = await StartAsync(app, points: 500);
        var redemptionId = await RedeemAsync(s, 100);
        using var first = await s.CancelAsync(redemptionId);

        using var again = await s.CancelAsync(redemptionId);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Single(await s.EntriesAsync(LedgerEntryKind.RedemptionCancel));
        Assert.Equal(500, await s.BalanceAsync());
    }

    [Fact]
    public async Task AnUnknownRedemptionIs404NamingTheRedemptionId()
    {
        var s = await StartAsync(app, points: 500);

        using var response = await s.CancelAsync(MerchantClient.NewId("rd"));

        await AssertRefusedAsync(response, HttpStatusCode.NotFound, "redemptionId", "no applied redemption");
    }

    [Fact]
    public async Task ARefusedRedemptionHasNothingToCancel()
    {
        var s = await StartAsync(app, points: 0);
        var redemptionId = MerchantClient.NewId("rd");
        using var refused = await s.RedeemAsync(s.Body(redemptionId: redemptionId));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);

        using var response = await s.CancelAsync(redemptionId);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await s.EntriesAsync(LedgerEntryKind.RedemptionCancel));
    }

    [Fact]
    public async Task AnotherMerchantCannotCancelARedemption()
    {
        var s = await StartAsync(app, points: 500);
        var redemptionId = await RedeemAsync(s, 100);
        var otherTill = await MerchantClient.CreateAsync(app, "Bakery");

        using var response = await s.CancelAsync(redemptionId, otherTill);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(400, await s.BalanceAsync());
    }

    [Fact]
    public async Task ACancelSignedWrongIs401AndGivesNothingBack()
    {
        var s = await StartAsync(app, points: 500);
        var redemptionId = await RedeemAsync(s, 100);

        using var response = await s.Till.SendAsync(HttpMethod.Delete, $"redemptions/{redemptionId}", null, signature: "t=1,v1=" + new string('0', 64));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(400, await s.BalanceAsync());
    }

    [Fact]
    public async Task TheCodeOfACancelledRedemptionStaysUsed()
    {
        var s = await StartAsync(app, points: 500);
        var redemptionId = await RedeemAsync(s, 100);
        using var cancelled = await s.CancelAsync(redemptionId);

        using var reuse = await s.RedeemAsync(s.Body(points: 100));

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        await AssertRefusedAsync(reuse, HttpStatusCode.UnprocessableEntity, "code", "already used");
    }

    [Fact]
    public async Task ADeleteWithoutARedemptionIdIsNotAllowed()
    {
        var s = await StartAsync(app, points: 500);

        using var response = await s.Till.SendAsync(HttpMethod.Delete, "redemptions", null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private static async Task<string> RedeemAsync(RedemptionScenario s, long points)
    {
        var body = s.Body(points: points);
        using var response = await s.RedeemAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)body["redemptionId"]!;
    }
}
