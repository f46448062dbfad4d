using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>A campaign the owner runs through the admin API, as a customer meets it: in Offers, in the points of a purchase, in the chat.</summary>
public sealed class CampaignEndToEndTests(BotApp app) : IClassFixture<BotApp>
{
    [Fact]
    public async Task ACampaignCreatedThroughTheAdminApiDoublesAPurchasesPointsTheCustomerIsToldAndEndingItStopsThat()
    {
        var till = await MerchantClient.CreateAsync(app, "Кофейня");
        var user = TelegramUser.NewRandom("Anna", "ru");
        var customer = await app.StartAsync(user);
        using var admin = app.AdminClient();
        var now = DateTimeOffset.UtcNow;
        var campaign = new JsonObject
        {
            ["name"] = "Двойные баллы в Кофейне",
            // Just before now, within the start's grace: the campaign runs from the moment it is created.
            ["startsAt"] = Iso(now.AddMinutes(-1)),
            ["endsAt"] = Iso(now.AddDays(7)),
            ["multiplier"] = 2,
            ["merchantIds"] = new JsonArray(till.MerchantId),
        };

        using var created = await admin.PostAsync(Path("/api/admin/campaigns"), Json(campaign.ToJsonString()));
        var campaignId = (await JsonAsync(created, HttpStatusCode.Created)).GetProperty("campaignId").GetString()!;

        var offers = await app.ReplyAsync(user, user.Text("🎁 Предложения"));
        Assert.Contains("🔥 Двойные баллы в Кофейне: баллы ×2 до ", offers.Text, StringComparison.Ordinal);
        Assert.Contains(" — в магазинах: Кофейня", offers.Text, StringComparison.Ordinal);

        await BuyAsync(till, user, 1_000m);
        // 3 % of 1 000 at Bronze, doubled.
        var doubled = await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id
            && c.Text?.StartsWith("Начислено 60 баллов за покупку в «Кофейня»", StringComparison.Ordinal) == true);
        var earn = Assert.Single(await app.LedgerAsync(customer.CustomerId), e => e.Kind == LedgerEntryKind.Earn);
        Assert.Equal(60, earn.Delta);
        Assert.Contains(campaignId, earn.Note, StringComparison.Ordinal);
        Assert.Contains($"На счёте {customer.Balance + 60} баллов.", doubled.Text, StringComparison.Ordinal);

        using var ended = await admin.DeleteAsync(Path($"/api/admin/campaigns/{campaignId}"));
        Assert.Equal("ended", (await JsonAsync(ended, HttpStatusCode.OK)).GetProperty("status").GetString());

        await BuyAsync(till, user, 1_000m);
        await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id
            && c.Text?.StartsWith("Начислено 30 баллов за покупку в «Кофейня»", StringComparison.Ordinal) == true);
        Assert.Equal([60L, 30L], (await app.LedgerAsync(customer.CustomerId)).Where(e => e.Kind == LedgerEntryKind.Earn).Select(e => e.Delta).OrderDescending());
        var offersAfter = await app.ReplyAsync(user, user.Text("🎁 Предложения"));
        Assert.DoesNotContain("Двойные баллы в Кофейне", offersAfter.Text, StringComparison.Ordinal);
        await app.AssertBalancedAsync(customer.CustomerId);
    }

    /// <summary>The till posts a purchase made now by the customer's Telegram id, signed, and it is accepted.</summary>
    private static async Task BuyAsync(MerchantClient till, TelegramUser user, decimal amount)
    {
        var purchase = new Dictionary<string, object?>
        {
            ["purchaseId"] = MerchantClient.NewId("p"),
            ["telegramUserId"] = user.Id,
            ["amount"] = amount,
            ["occurredAt"] = Iso(DateTimeOffset.UtcNow),
        };
        using var response = await till.PostAsync("purchases", purchase);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
