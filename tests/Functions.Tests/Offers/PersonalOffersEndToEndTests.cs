using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Tests.Bot;
using LoyaltyBot.Functions.Tests.Infrastructure;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Offers;

/// <summary>Personal offers from the owner's rules, as a customer meets them: announced once, in Offers, in the points of a purchase.</summary>
public sealed class PersonalOffersEndToEndTests(BotApp app) : IClassFixture<BotApp>
{
    [Fact]
    public async Task HeadphonesBringAnAccessoriesOfferAnnouncedOnceThatDoublesTheNextAccessoriesAndOutlivesItsRule()
    {
        var till = await MerchantClient.CreateAsync(app, "Звук");
        var user = TelegramUser.NewRandom("Anna", "ru");
        var customer = await app.StartAsync(user);
        using var admin = app.AdminClient();
        var ruleId = await CreateRuleAsync(admin, new JsonObject
        {
            ["name"] = "Аксессуары к наушникам",
            ["trigger"] = "category",
            ["multiplier"] = 2,
            ["validDays"] = 7,
            ["categories"] = new JsonArray("accessories"),
            ["boughtCategories"] = new JsonArray("headphones"),
        });

        var headphones = Purchase(user, ("headphones", 1_000m));
        await PostAsync(till, headphones);
        await PostAsync(till, headphones);
        var announced = await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id
            && c.Text?.StartsWith("Для вас персональное предложение!", StringComparison.Ordinal) == true);
        Assert.Contains("🎯 Аксессуары к наушникам: баллы ×2 на товары: accessories — до ", announced.Text, StringComparison.Ordinal);

        // The headphones themselves earned the plain 3 % at Bronze: the offer runs from the next purchase.
        Assert.Equal(30, Assert.Single(await app.LedgerAsync(customer.CustomerId), e => e.Kind == LedgerEntryKind.Earn).Delta);
        var offers = await app.ReplyAsync(user, user.Text("🎁 Предложения"));
        Assert.Contains("🎯 Аксессуары к наушникам: баллы ×2", offers.Text, StringComparison.Ordinal);

        using var ended = await admin.DeleteAsync(Path($"/api/admin/offers/{ruleId}"));
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        await PostAsync(till, Purchase(user, ("accessories", 500m), ("coffee", 500m)));
        // 3 % of 500 doubled, and 3 % of 500: 30 + 15.
        await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id
            && c.Text?.StartsWith("Начислено 45 баллов за покупку в «Звук»", StringComparison.Ordinal) == true);
        var earns = (await app.LedgerAsync(customer.CustomerId)).Where(e => e.Kind == LedgerEntryKind.Earn).ToList();
        Assert.Equal([45L, 30L], earns.Select(e => e.Delta).OrderDescending());
        Assert.Contains(ruleId, earns.Single(e => e.Delta == 45).Note, StringComparison.Ordinal);
        Assert.Single(app.Telegram.Calls, c => c.ChatId == user.Id && c.Text?.StartsWith("Для вас персональное предложение!", StringComparison.Ordinal) == true);
        await app.AssertBalancedAsync(customer.CustomerId);
    }

    [Fact]
    public async Task ReachingATierBringsItsOfferAnnouncedOnceAndShownInOffers()
    {
        var till = await MerchantClient.CreateAsync(app, "Shop");
        var user = TelegramUser.NewRandom("Boris", "en");
        await app.StartAsync(user);
        using var admin = app.AdminClient();
        await CreateRuleAsync(admin, new JsonObject
        {
            ["name"] = "Silver boost",
            ["trigger"] = "tier",
            ["multiplier"] = 1.5,
            ["validDays"] = 3,
            ["tiers"] = new JsonArray("Silver"),
        });

        // 15 000 of spend reaches Silver at once.
        await PostAsync(till, Purchase(user, ("shoes", 15_000m)));
        var announced = await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id
            && c.Text?.StartsWith("A personal offer for you!", StringComparison.Ordinal) == true);
        var first = await app.ReplyAsync(user, user.Text("🎁 Offers"));
        var second = await app.ReplyAsync(user, user.Text("🎁 Offers"));

        Assert.Contains("🎯 Silver boost: points ×1.5 through ", announced.Text, StringComparison.Ordinal);
        Assert.True(first.Text?.Contains("🎯 Silver boost: points ×1.5 through ", StringComparison.Ordinal), first.Text);
        Assert.Equal(first.Text, second.Text);
        Assert.Single(app.Telegram.Calls, c => c.ChatId == user.Id && c.Text?.StartsWith("A personal offer for you!", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task ARuleForASegmentMakesDueOnlyTheCustomersInIt()
    {
        var till = await MerchantClient.CreateAsync(app, "Market");
        var user = TelegramUser.NewRandom("Vera", "en");
        await app.StartAsync(user);
        using var admin = app.AdminClient();
        foreach (var (name, segment) in new[] { ("Welcome to Gold", "new"), ("Gold, come back", "lost") })
        {
            await CreateRuleAsync(admin, new JsonObject
            {
                ["name"] = name, ["trigger"] = "tier", ["multiplier"] = 2, ["validDays"] = 3, ["tiers"] = new JsonArray("Gold"), ["segment"] = segment,
            });
        }

        // 50 000 of spend reaches Gold at once; a member who joined today is new, not lost.
        await PostAsync(till, Purchase(user, ("tv", 50_000m)));
        await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id && c.Text?.Contains("Welcome to Gold", StringComparison.Ordinal) == true);
        var offers = await app.ReplyAsync(user, user.Text("🎁 Offers"));

        Assert.Contains("🎯 Welcome to Gold", offers.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Gold, come back", offers.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Telegram.Calls, c => c.ChatId == user.Id && c.Text?.Contains("Gold, come back", StringComparison.Ordinal) == true);
    }

    private static async Task<string> CreateRuleAsync(HttpClient admin, JsonObject rule)
    {
        using var created = await admin.PostAsync(Path("/api/admin/offers"), Json(rule.ToJsonString()));
        return (await JsonAsync(created, HttpStatusCode.Created)).GetProperty("offerRuleId").GetString()!;
    }

    /// <summary>A purchase made now by the customer's Telegram id, with one line per category.</summary>
    private static Dictionary<string, object?> Purchase(TelegramUser user, params (string Category, decimal Price)[] lines) => new()
    {
        ["purchaseId"] = MerchantClient.NewId("p"),
        ["telegramUserId"] = user.Id,
        ["amount"] = lines.Sum(l => l.Price),
        ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["items"] = lines.Select(l => new Dictionary<string, object?> { ["category"] = l.Category, ["quantity"] = 1, ["price"] = l.Price }).ToList(),
    };

    /// <summary>The till posts the purchase, signed, and it is accepted (a repeat, as the first time).</summary>
    private static async Task PostAsync(MerchantClient till, Dictionary<string, object?> purchase)
    {
        using var response = await till.PostAsync("purchases", purchase);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
