using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>With only a token, the bot takes its updates by long polling: the same conversation as through the webhook.</summary>
public sealed class BotPollingTests(PollingBotApp app) : IClassFixture<PollingBotApp>
{
    [Fact]
    public async Task PollingDropsAnyWebhookAndSetsTheCommandMenuInBothLanguages()
    {
        await app.Telegram.WaitForAsync(c => c.Method == "getUpdates");

        Assert.NotEmpty(app.Telegram.CallsOf("deleteWebhook"));
        var menus = app.Telegram.CallsOf("setMyCommands");
        Assert.Contains(menus, m => m.Parameter("language_code") == "ru" && m.Parameter("commands")!.Contains("Начать", StringComparison.Ordinal));
        Assert.Contains(menus, m => m.Parameter("language_code") == "en" && m.Parameter("commands")!.Contains("Start and open the menu", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartLanguageAndHelpWorkByLongPolling()
    {
        var user = TelegramUser.NewRandom("Nina", "ru");

        app.Telegram.QueueUpdate(user.Text("/start"));
        var welcome = await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id);
        app.Telegram.QueueUpdate(user.Text("/language"));
        var choice = await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id && c.Text == "Выберите язык:");
        var english = ButtonData(choice, "English");
        app.Telegram.QueueUpdate(user.Callback(english));
        var done = await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id && c.Text!.StartsWith("Done", StringComparison.Ordinal));
        app.Telegram.QueueUpdate(user.Text("/help"));
        var help = await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id && c.Text!.Contains("Here is what I can do", StringComparison.Ordinal));

        Assert.Contains("Здравствуйте, Nina", welcome.Text, StringComparison.Ordinal);
        Assert.Contains("I speak English", done.Text, StringComparison.Ordinal);
        Assert.Contains("/language", help.Text, StringComparison.Ordinal);
        var account = await app.Services.GetRequiredService<CustomerDirectory>().FindAccountAsync(LookupKey.Telegram(user.Id), default);
        Assert.Equal("en", account!.Profile.Language);
    }

    [Fact]
    public async Task UpdatesThatCannotBeReadAreSkippedAndPollingGoesOn()
    {
        var user = TelegramUser.NewRandom("Olga", "en");
        var dateOutOfRange = user.Text("/start");
        dateOutOfRange["message"]!["date"] = 1e15;
        var statusMissing = user.MyChatMember(blocked: true);
        statusMissing["my_chat_member"]!["new_chat_member"] = new System.Text.Json.Nodes.JsonObject();
        var noSender = user.Callback("lang:en:forged");
        noSender["callback_query"]!.AsObject().Remove("from");

        app.Telegram.QueueUpdate(dateOutOfRange);
        app.Telegram.QueueUpdate(statusMissing);
        app.Telegram.QueueUpdate(noSender);
        app.Telegram.QueueUpdate(user.Text("/start"));
        var welcome = await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id);

        Assert.Contains("Hello, Olga", welcome.Text, StringComparison.Ordinal);
        Assert.Single(app.Telegram.Calls, c => c.ChatId == user.Id);
        Assert.False((await app.Services.GetRequiredService<CustomerDirectory>().FindAccountAsync(LookupKey.Telegram(user.Id), default))!.Profile.Unreachable);
    }

    /// <summary>The callback data of the inline button with this text.</summary>
    public static string ButtonData(LoyaltyBot.TelegramDouble.BotApiCall message, string text)
    {
        ArgumentNullException.ThrowIfNull(message);
        var markup = System.Text.Json.Nodes.JsonNode.Parse(message.Parameter("reply_markup")!)!;
        return markup["inline_keyboard"]!.AsArray().SelectMany(row => row!.AsArray()).First(b => b!["text"]!.GetValue<string>() == text)!["callback_data"]!.GetValue<string>();
    }
}
