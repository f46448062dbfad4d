using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Bot.History;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

public sealed class HistoryCommandTests(BotApp app) : IClassFixture<BotApp>
{
    private static readonly ProgramRules Rules = ProgramRules.Default;

    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    [Fact]
    public async Task TheFirstPageShowsTheFiveNewestOperationsWithDateKindPointsAndMerchantAndAButtonToOlderOnes()
    {
        var user = TelegramUser.NewRandom("Anna", "ru");
        var customer = await app.StartAsync(user);
        var merchant = await app.Services.GetRequiredService<MerchantStore>().CreateAsync("Кофейня на углу", default);
        var paidAt = DateTimeOffset.UtcNow.AddMinutes(-30);
        await EarnAsync(customer.CustomerId, merchant.MerchantId, 1_000m, paidAt);
        await GiftsAsync(customer.CustomerId, 5, points: 5);

        var reply = await app.ReplyAsync(user, user.Text("/history"));

        var lines = reply.Text!.Split('\n');
        Assert.Equal("📜 Последние операции:", lines[0]);
        Assert.Equal(7, lines.Length); // The title, a blank line, five operations.
        Assert.All(lines[2..], line => Assert.Contains("+5 · бонус", line, StringComparison.Ordinal));
        Assert.Equal(["Ранее ▶"], reply.InlineButtons().Select(b => b.Text));
        var older = await app.ReplyAsync(user, user.Callback(reply.ButtonData("Ранее ▶"), messageId: 4242), "editMessageText");
        var when = TimeZoneInfo.ConvertTime(paidAt, Rules.Zone).ToString("dd.MM.yyyy HH:mm", BotText.Russian);
        Assert.Contains($"{when} · +30 · покупка · Кофейня на углу", older.Text, StringComparison.Ordinal);
        Assert.Contains("· +100 · приветственный бонус", older.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PressingTheButtonsEditsTheSameMessageToTheOlderPageAndBackAndAnswersThePress()
    {
        var user = TelegramUser.NewRandom("Boris", "ru");
        var customer = await app.StartAsync(user);
        await GiftsAsync(customer.CustomerId, 11); // With the welcome bonus: 12 operations, three pages.
        var first = await app.ReplyAsync(user, user.Text("📜 История"));

        var secondCalls = await app.SayAsync(user, user.Callback(first.ButtonData("Ранее ▶"), messageId: 777));
        var second = Assert.Single(secondCalls, c => c.Method == "editMessageText");
        var third = await app.ReplyAsync(user, user.Callback(second.ButtonData("Ранее ▶"), messageId: 777), "editMessageText");
        var backToSecond = await app.ReplyAsync(user, user.Callback(third.ButtonData("◀ Новее"), messageId: 777), "editMessageText");
        var backToFirst = await app.ReplyAsync(user, user.Callback(backToSecond.ButtonData("◀ Новее"), messageId: 777), "editMessageText");

        Assert.Single(secondCalls, c => c.Method == "answerCallbackQuery");
        Assert.DoesNotContain(secondCalls, c => c.Method == "sendMessage");
        Assert.Equal("777", second.Parameter("message_id"));
        Assert.Equal(user.Id, second.ChatId);
        Assert.StartsWith("📜 Операции ранее:", second.Text, StringComparison.Ordinal);
        Assert.Equal(["◀ Новее", "Ранее ▶"], second.InlineButtons().Select(b => b.Text));
        Assert.Equal(["◀ Новее"], third.InlineButtons().Select(b => b.Text));
        Assert.Equal(["+11", "+10", "+9", "+8", "+7"], Points(first.Text!));
        Assert.Equal(["+6", "+5", "+4", "+3", "+2"], Points(second.Text!));
        Assert.Equal(["+1", "+100"], Points(third.Text!));
        Assert.Equal(Points(second.Text!), Points(backToSecond.Text!));
        Assert.Equal(Points(first.Text!), Points(backToFirst.Text!));
        Assert.Equal(["Ранее ▶"], backToFirst.InlineButtons().Select(b => b.Text));
    }

    [Fact]
    public async Task HistoryInEnglishNamesTheOperationsInEnglish()
    {
        var user = TelegramUser.NewRandom("John", "en");
        await app.StartAsync(user);

        var reply = await app.ReplyAsync(user, user.Text("/history"));

        Assert.StartsWith("📜 Latest operations:", reply.Text, StringComparison.Ordinal);
        Assert.EndsWith("· +100 · welcome bonus", reply.Text, StringComparison.Ordinal);
        Assert.Empty(reply.InlineButtons());
    }

    [Fact]
    public async Task AnEmptyHistorySaysSo()
    {
        var user = TelegramUser.NewRandom("Vera", "ru");
        // Registered without /start, so without the welcome bonus: nothing on the ledger yet.
        await app.Services.GetRequiredService<CustomerDirectory>().RegisterAsync(new NewCustomer(user.Id, null, "Vera", "ru", user.Id), Rules, default);

        var reply = await app.ReplyAsync(user, user.Text("/history"));

        Assert.Equal("📜 Операций пока нет. Баллы появятся после первой покупки.", reply.Text);
        Assert.Empty(reply.InlineButtons());
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("garbage")]
    [InlineData("past the end")]
    public async Task AForgedOrStalePageIsAnsweredAsStaleAndNothingIsEdited(string kind)
    {
        var user = TelegramUser.NewRandom("Ivan", "ru");
        await app.StartAsync(user);
        var callbackData = app.Services.GetRequiredService<CallbackData>();
        var beyondEverything = new HistoryCursor(true, $"tx-{long.MaxValue:D19}-{new string('f', 32)}").Encode()!;
        var data = kind switch
        {
            "forged" => callbackData.Create("hist", beyondEverything)[..^2] + "xx",
            "garbage" => callbackData.Create("hist", "not-a-cursor"),
            _ => callbackData.Create("hist", beyondEverything),
        };

        var calls = await app.SayAsync(user, user.Callback(data));

        var answer = Assert.Single(calls);
        Assert.Equal("answerCallbackQuery", answer.Method);
        Assert.Equal("Эта кнопка устарела. Откройте меню заново.", answer.Parameter("text"));
    }

    [Fact]
    public void ACursorFitsInAButtonAndReadsBackAsTheSameEntryKey()
    {
        var entry = new LedgerEntry(LedgerEntry.NewId(), LedgerEntryKind.Bonus, 5, 5, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "test/1");
        var key = LedgerHistory.EntryKey(entry);

        var payload = new HistoryCursor(true, key).Encode();

        Assert.NotNull(payload);
        Assert.True(HistoryCursor.TryDecode(payload, out var cursor));
        Assert.Equal(new HistoryCursor(true, key), cursor);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount($"hist:{payload}:0123456789") <= CallbackData.MaxBytes);
        Assert.False(HistoryCursor.TryDecode("x" + payload[1..], out _));
        Assert.False(HistoryCursor.TryDecode(payload[..^1], out _));
    }

    private static string[] Points(string text) => text.Split('\n')[2..].Select(line => line.Split(" · ")[1]).ToArray();

    /// <summary>Gifts one after another: the n-th of <paramref name="points"/> points, or of n points when not given.</summary>
    private async Task GiftsAsync(string customerId, int count, long? points = null)
    {
        for (var n = 1; n <= count; n++)
        {
            Assert.True((await Ledger.GrantBonusAsync(customerId, OperationKey.Of("gift", $"{customerId}-{n}"), points ?? n, "gift", Rules, default)).IsSuccess);
        }
    }

    private async Task EarnAsync(string customerId, string merchantId, decimal amount, DateTimeOffset occurredAt)
    {
        var purchase = Purchase.Create(merchantId, Guid.NewGuid().ToString("N"), amount, "RUB", occurredAt, null, 0, Rules).Value;
        Assert.True((await Ledger.EarnAsync(customerId, purchase, Rules, [], default)).IsSuccess);
    }
}
