using System.Text.Json.Nodes;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.TelegramDouble;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>A user's conversation with the bot through the webhook: what they send, and what the bot did in answer.</summary>
internal static class BotChat
{
    /// <summary>Registers the user with <c>/start</c> (and an argument, such as <c>ref_&lt;code&gt;</c>); their account after it.</summary>
    public static async Task<CustomerAccount> StartAsync(this BotApp app, TelegramUser user, string? argument = null)
    {
        await app.SendAsync(user.Text(argument is null ? "/start" : $"/start {argument}"));
        return await app.AccountAsync(user);
    }

    /// <summary>A new user, speaking <paramref name="language"/>, who has sent <c>/start</c> and so has an account.</summary>
    public static async Task<TelegramUser> StartedUserAsync(this BotApp app, string language, string firstName = "Anna")
    {
        var user = TelegramUser.NewRandom(firstName, language);
        await app.SendAsync(user.Text("/start"));
        return user;
    }

    /// <summary>The bot's answer to the button press <paramref name="callback"/> (matched by its query id, so no other press's answer counts).</summary>
    public static Task<BotApiCall> AnswerToAsync(this BotApp app, JsonObject callback)
    {
        var queryId = callback["callback_query"]!["id"]!.GetValue<string>();
        return app.Telegram.WaitForAsync(c => c.Method == "answerCallbackQuery" && c.Parameter("callback_query_id") == queryId);
    }

    public static async Task<CustomerAccount> AccountAsync(this LoyaltyApp app, TelegramUser user) =>
        await app.Services.GetRequiredService<CustomerDirectory>().FindAccountAsync(LookupKey.Telegram(user.Id), default)
        ?? throw new InvalidOperationException($"User {user.Id} has no account.");

    /// <summary>Sends the update and answers the calls the bot made while handling it: to this chat, and answers to button presses.</summary>
    public static async Task<IReadOnlyList<BotApiCall>> SayAsync(this BotApp app, TelegramUser user, JsonObject update)
    {
        var before = app.Telegram.Calls.Count;
        await app.SendAsync(update);
        return app.Telegram.Calls.Skip(before).Where(c => c.ChatId == user.Id || c.Method == "answerCallbackQuery").ToList();
    }

    /// <summary>The one message the bot sent in answer to <paramref name="update"/>.</summary>
    public static async Task<BotApiCall> ReplyAsync(this BotApp app, TelegramUser user, JsonObject update, string method = "sendMessage") =>
        Assert.Single(await app.SayAsync(user, update), c => c.Method == method);

    public static async Task<IReadOnlyList<LedgerEntry>> LedgerAsync(this LoyaltyApp app, string customerId) =>
        await app.Services.GetRequiredService<LedgerStore>().ReadEntriesAsync(customerId, null, default);

    /// <summary>The customer's ledger entries sum to the balance, and so do the account's totals.</summary>
    public static async Task AssertBalancedAsync(this LoyaltyApp app, string customerId)
    {
        var account = await app.Services.GetRequiredService<LedgerStore>().GetAccountAsync(customerId, default);
        Assert.Equal(account!.Balance, (await app.LedgerAsync(customerId)).Sum(e => e.Delta));
        Assert.Equal(account.Balance, account.Totals.Net);
    }

    /// <summary>The inline buttons of a message, row after row: text, callback data, URL.</summary>
    public static IReadOnlyList<(string Text, string? Data, string? Url)> InlineButtons(this BotApiCall message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Parameter("reply_markup") is not { } markup || JsonNode.Parse(markup)?["inline_keyboard"] is not JsonArray rows)
        {
            return [];
        }

        return rows.SelectMany(row => row!.AsArray())
            .Select(b => (b!["text"]!.GetValue<string>(), b["callback_data"]?.GetValue<string>(), b["url"]?.GetValue<string>()))
            .ToList();
    }

    public static string ButtonData(this BotApiCall message, string text) =>
        message.InlineButtons().Single(b => b.Text == text).Data ?? throw new InvalidOperationException($"Button {text} has no callback data.");
}
