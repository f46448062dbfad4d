using System.Text.Json.Nodes;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.TelegramDouble;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>Balance, card, history, offers, invite and pay by long polling: the same answers as through the webhook.</summary>
public sealed class AccountFeaturesPollingTests(PollingBotApp app) : IClassFixture<PollingBotApp>
{
    [Fact]
    public async Task BalanceByLongPolling()
    {
        var user = await StartAsync("ru");

        var reply = await AskAsync(user, user.Text("💰 Баланс"), c => c.Text!.StartsWith("💰", StringComparison.Ordinal));

        Assert.Contains("💰 На счёте: 100 баллов", reply.Text, StringComparison.Ordinal);
        Assert.Contains("🏅 Уровень: Бронзовый", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CardByLongPolling()
    {
        var user = await StartAsync("en");
        var card = CardNumber.Parse((await app.AccountAsync(user)).Profile.CardNumber).Value;

        var photo = await AskAsync(user, user.Text("/card"), _ => true, "sendPhoto");

        Assert.StartsWith($"💳 Your card: {card.Display}", photo.Text, StringComparison.Ordinal);
        Assert.Equal("card.png", photo.File("photo")!["file_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task HistoryAndItsPagingByLongPolling()
    {
        var user = await StartAsync("ru");
        var customer = await app.AccountAsync(user);
        var ledger = app.Services.GetRequiredService<LedgerStore>();
        for (var n = 1; n <= 5; n++)
        {
            Assert.True((await ledger.GrantBonusAsync(customer.CustomerId, OperationKey.Of("gift", $"{customer.CustomerId}-{n}"), n, "gift", ProgramRules.Default, default)).IsSuccess);
        }

        var first = await AskAsync(user, user.Text("/history"), c => c.Text!.StartsWith("📜", StringComparison.Ordinal));
        var older = await AskAsync(user, user.Callback(first.ButtonData("Ранее ▶"), messageId: 55), _ => true, "editMessageText");

        Assert.Contains("+5 · бонус", first.Text, StringComparison.Ordinal);
        Assert.Equal("55", older.Parameter("message_id"));
        Assert.Contains("+100 · приветственный бонус", older.Text, StringComparison.Ordinal);
        Assert.Equal(["◀ Новее"], older.InlineButtons().Select(b => b.Text));
    }

    [Fact]
    public async Task OffersByLongPolling()
    {
        var user = await StartAsync("en");

        var reply = await AskAsync(user, user.Text("🎁 Offers"), c => c.Text!.StartsWith("🎁", StringComparison.Ordinal));

        Assert.Contains("⭐ Rate your purchase after a visit — 20 points for a review.", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InviteAndTheReferralRewardByLongPolling()
    {
        var referrer = await StartAsync("ru");
        var code = (await app.AccountAsync(referrer)).Profile.InviteCode;
        var friend = TelegramUser.NewRandom("Pavel", "ru");
        app.Telegram.QueueUpdate(friend.Text($"/start ref_{code}"));
        await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == friend.Id);
        await app.Services.GetRequiredService<PurchaseAccrual>().ApplyAsync(
            new PurchaseMessage("m1", Guid.NewGuid().ToString("N"), null, null, friend.Id, 1_000m, "RUB", DateTimeOffset.UtcNow.AddMinutes(-1), [], 0), default);

        var reply = await AskAsync(referrer, referrer.Text("👥 Пригласить"), c => c.Text!.StartsWith("👥", StringComparison.Ordinal));

        Assert.Contains($"https://t.me/{BotApiDouble.BotUsername}?start=ref_{code}", reply.Text, StringComparison.Ordinal);
        Assert.EndsWith("Друзей присоединилось: 1\nСовершили первую покупку: 1\nВы получили за приглашения: 200 баллов", reply.Text, StringComparison.Ordinal);
        Assert.StartsWith("https://t.me/share/url?url=", Assert.Single(reply.InlineButtons()).Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PayByLongPolling()
    {
        var user = await StartAsync("ru");

        var reply = await AskAsync(user, user.Text("/pay"), c => c.Text!.StartsWith("🛒", StringComparison.Ordinal));

        Assert.Matches("^🛒 Код для оплаты баллами: <code>\\d{6}</code>\nНазовите его кассиру. Код действует 10 минут — до \\d\\d:\\d\\d", reply.Text);
    }

    private async Task<TelegramUser> StartAsync(string language)
    {
        var user = TelegramUser.NewRandom("Nina", language);
        app.Telegram.QueueUpdate(user.Text("/start"));
        await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id);
        return user;
    }

    /// <summary>Queues the update for <c>getUpdates</c> and waits for the bot's answer to this user that matches.</summary>
    private async Task<BotApiCall> AskAsync(TelegramUser user, JsonObject update, Func<BotApiCall, bool> match, string method = "sendMessage")
    {
        var before = app.Telegram.Calls.Count;
        app.Telegram.QueueUpdate(update);
        BotApiCall? answer = null;
        await FunctionsHarness.EventuallyAsync(
            () => Task.FromResult((answer = app.Telegram.Calls.Skip(before).FirstOrDefault(c => c.Method == method && c.ChatId == user.Id && match(c))) is not null),
            $"the bot answers {user.Id} with {method}");
        return answer!;
    }
}
