using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using LoyaltyBot.Domain.Boosts;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Tests.Bot;
using LoyaltyBot.Functions.Tests.Infrastructure;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Boosts;

/// <summary>
/// Boosted categories as a customer meets them: the owner publishes this month's and next month's sets through the admin API,
/// the customer picks in the bot, and a purchase through the merchant API earns the boosted rate.
/// </summary>
public sealed class BoostCommandTests(BotApp app) : IClassFixture<BotApp>
{
    [Fact]
    public async Task CategoriesPickedInTheBotEarnTheBoostedRateOnAPurchaseThroughTheMerchantApiAndAReplayEarnsOnce()
    {
        var (thisMonth, _) = await PublishAsync();
        var till = await MerchantClient.CreateAsync(app, "Кофейня");
        var user = TelegramUser.NewRandom("Anna", "ru");
        var customer = await app.StartAsync(user);

        var screen = await app.ReplyAsync(user, user.Text("/boost"));
        Assert.StartsWith($"⚡ Категории повышенного кэшбэка — {MonthName(thisMonth, "ru-RU")}", screen.Text, StringComparison.Ordinal);
        Assert.Contains("Выберите до 2 категорий", screen.Text, StringComparison.Ordinal);
        Assert.Contains("▫️ Кофе: баллы ×3", screen.Text, StringComparison.Ordinal);
        Assert.Contains("Пока ничего не выбрано.", screen.Text, StringComparison.Ordinal);
        var coffee = await app.ReplyAsync(user, user.Callback(screen.ButtonData("Кофе ×3")), "editMessageText");
        Assert.Contains("✅ Кофе: баллы ×3", coffee.Text, StringComparison.Ordinal);
        Assert.Contains("Выбрано: Кофе (1 из 2).", coffee.Text, StringComparison.Ordinal);
        Assert.Contains("✅ Кофе ×3", coffee.InlineButtons().Select(b => b.Text));
        var cinema = await app.ReplyAsync(user, user.Callback(coffee.ButtonData("Кино ×5")), "editMessageText");
        Assert.Contains("Выбрано: Кофе, Кино (2 из 2).", cinema.Text, StringComparison.Ordinal);

        var purchase = Purchase(user, ("coffee", 400m), ("books", 600m));
        using (var accepted = await till.PostAsync("purchases", purchase))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id
            && c.Text?.StartsWith("Начислено 54 балла за покупку в «Кофейня»", StringComparison.Ordinal) == true);
        using (var replay = await till.PostAsync("purchases", purchase))
        {
            Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        }

        // Books were not picked: the tier rate, 3 % of 1 000.
        using (var books = await till.PostAsync("purchases", Purchase(user, ("books", 1_000m))))
        {
            Assert.Equal(HttpStatusCode.Accepted, books.StatusCode);
        }

        await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id
            && c.Text?.StartsWith("Начислено 30 баллов за покупку в «Кофейня»", StringComparison.Ordinal) == true);
        var earns = (await app.LedgerAsync(customer.CustomerId)).Where(e => e.Kind == LedgerEntryKind.Earn).ToList();
        // Coffee 400 × 3 % × 3 = 36, books 600 × 3 % = 18.
        Assert.Equal([54L, 30L], earns.Select(e => e.Delta).OrderDescending());
        Assert.Contains($"boost-{thisMonth}-coffee", earns.Single(e => e.Delta == 54).Note, StringComparison.Ordinal);
        var offers = await app.ReplyAsync(user, user.Text("🎁 Предложения"));
        Assert.Contains("⚡ Ваш повышенный кэшбэк в этом месяце: Кофе ×3, Кино ×5 — /boost", offers.Text, StringComparison.Ordinal);
        await app.AssertBalancedAsync(customer.CustomerId);
    }

    [Fact]
    public async Task APickOverTheLimitIsRefusedWithAHintAndChangesNothing()
    {
        var (thisMonth, _) = await PublishAsync();
        var user = TelegramUser.NewRandom("Boris", "ru");
        await app.StartAsync(user);
        var screen = await app.ReplyAsync(user, user.Text("/boost"));
        await app.ReplyAsync(user, user.Callback(screen.ButtonData("Кофе ×3")), "editMessageText");
        await app.ReplyAsync(user, user.Callback(screen.ButtonData("Книги ×2")), "editMessageText");

        var press = user.Callback(screen.ButtonData("Кино ×5"));
        var calls = await app.SayAsync(user, press);

        var answer = await app.AnswerToAsync(press);
        Assert.Equal("Можно выбрать не больше 2 категорий. Снимите одну из выбранных, чтобы выбрать другую.", answer.Parameter("text"));
        Assert.Equal("true", answer.Parameter("show_alert"));
        Assert.DoesNotContain(calls, c => c.Method is "editMessageText" or "sendMessage");
        Assert.Equal(["coffee", "books"], (await app.AccountAsync(user)).Profile.BoostPicks.In(thisMonth));

        // Unpicking one frees its place.
        await app.ReplyAsync(user, user.Callback(screen.ButtonData("Книги ×2")), "editMessageText");
        var cinema = await app.ReplyAsync(user, user.Callback(screen.ButtonData("Кино ×5")), "editMessageText");
        Assert.Contains("Выбрано: Кофе, Кино (2 из 2).", cinema.Text, StringComparison.Ordinal);
        Assert.Equal(["coffee", "cinema"], (await app.AccountAsync(user)).Profile.BoostPicks.In(thisMonth));
    }

    [Fact]
    public async Task NextMonthsPublishedSetCanBePickedAheadInEnglishAndSaysWhenItStarts()
    {
        var (thisMonth, nextMonth) = await PublishAsync();
        var user = TelegramUser.NewRandom("Alice", "en");
        await app.StartAsync(user);
        var screen = await app.ReplyAsync(user, user.Text("/boost"));
        Assert.StartsWith($"⚡ Boosted categories — {MonthName(thisMonth, "en-GB")}", screen.Text, StringComparison.Ordinal);
        Assert.Contains($"Your choice holds through {thisMonth.Next.FirstDay.AddDays(-1).ToString("d MMMM", CultureInfo.GetCultureInfo("en-GB"))}", screen.Text, StringComparison.Ordinal);

        var next = await app.ReplyAsync(user, user.Callback(screen.ButtonData($"{MonthName(nextMonth, "en-GB")} ▶")), "editMessageText");
        Assert.StartsWith($"⚡ Boosted categories for next month — {MonthName(nextMonth, "en-GB")}", next.Text, StringComparison.Ordinal);
        Assert.Contains($"This choice holds from {nextMonth.FirstDay.ToString("d MMMM", CultureInfo.GetCultureInfo("en-GB"))}", next.Text, StringComparison.Ordinal);
        var taxi = await app.ReplyAsync(user, user.Callback(next.ButtonData("Taxi ×4")), "editMessageText");

        Assert.Contains("Picked: Taxi (1 of 2).", taxi.Text, StringComparison.Ordinal);
        var picks = (await app.AccountAsync(user)).Profile.BoostPicks;
        Assert.Equal(["taxi"], picks.In(nextMonth));
        Assert.Empty(picks.In(thisMonth));
    }

    [Fact]
    public async Task WithNoCategoriesPublishedTheScreenSaysSo()
    {
        await PublishAsync(nothing: true);
        var user = TelegramUser.NewRandom("Vera", "ru");
        await app.StartAsync(user);

        var screen = await app.ReplyAsync(user, user.Text("/boost"));

        Assert.Equal("⚡ В этом месяце категорий повышенного кэшбэка нет. Загляните позже!", screen.Text);
        Assert.Empty(screen.InlineButtons());
    }

    /// <summary>
    /// Publishes coffee ×3, books ×2 and cinema ×5 for this month in the program's zone and taxi ×4 for the next, through the admin API
    /// (or, with <paramref name="nothing"/>, no month at all). Each test of the class publishes what it needs, so their order does not matter.
    /// </summary>
    private async Task<(BoostMonth This, BoostMonth Next)> PublishAsync(bool nothing = false)
    {
        using var admin = app.AdminClient();
        using var current = await admin.GetAsync(Path("/api/admin/program"));
        var document = JsonNode.Parse((await JsonAsync(current, HttpStatusCode.OK)).GetRawText())!.AsObject();
        var thisMonth = BoostMonth.Of(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(document["timeZone"]!.GetValue<string>()));
        document["boostedCategories"] = nothing
            ? new JsonObject { ["picks"] = 2, ["months"] = new JsonObject() }
            : new JsonObject
            {
                ["picks"] = 2,
                ["months"] = new JsonObject
                {
                    [thisMonth.ToString()] = new JsonArray(Boost("coffee", 3, "Кофе", "Coffee"), Boost("books", 2, "Книги", "Books"), Boost("cinema", 5, "Кино", "Cinema")),
                    [thisMonth.Next.ToString()] = new JsonArray(Boost("taxi", 4, "Такси", "Taxi")),
                },
            };
        using var saved = await admin.PutAsync(Path("/api/admin/program"), Json(document.ToJsonString()));
        await JsonAsync(saved, HttpStatusCode.OK);
        return (thisMonth, thisMonth.Next);
    }

    private static JsonObject Boost(string category, decimal multiplier, string ru, string en) =>
        new() { ["category"] = category, ["multiplier"] = multiplier, ["names"] = new JsonObject { ["ru"] = ru, ["en"] = en } };

    /// <summary>A purchase made now by the customer's Telegram id, with one line per category.</summary>
    private static Dictionary<string, object?> Purchase(TelegramUser user, params (string Category, decimal Price)[] lines) => new()
    {
        ["purchaseId"] = MerchantClient.NewId("p"),
        ["telegramUserId"] = user.Id,
        ["amount"] = lines.Sum(l => l.Price),
        ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["items"] = lines.Select(l => new Dictionary<string, object?> { ["category"] = l.Category, ["quantity"] = 1, ["price"] = l.Price }).ToList(),
    };

    private static string MonthName(BoostMonth month, string culture) =>
        CultureInfo.GetCultureInfo(culture).DateTimeFormat.GetMonthName(month.Month) + " " + month.Year.ToString(CultureInfo.InvariantCulture);
}
