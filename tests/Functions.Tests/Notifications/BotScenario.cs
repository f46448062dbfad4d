using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Notifications;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.TelegramDouble;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Notifications;

/// <summary>What notification and feedback tests set up in the real app: customers, merchants, purchases, queued notifications.</summary>
internal static class BotScenario
{
    /// <summary>A customer registered with a Telegram chat (or without one), as /start leaves them.</summary>
    public static async Task<(TelegramUser User, CustomerAccount Account)> RegisterAsync(BotApp app, string language = "ru", bool withChat = true, string name = "Anna Petrova")
    {
        var user = TelegramUser.NewRandom(name.Split(' ')[0], language);
        var registered = await app.Services.GetRequiredService<CustomerDirectory>().RegisterAsync(
            new NewCustomer(user.Id, null, name, language, withChat ? user.Id : null), ProgramRules.Default, default);
        return (user, registered.Value);
    }

    public static Task<Merchant> MerchantAsync(BotApp app, string name) => app.Services.GetRequiredService<MerchantStore>().CreateAsync(name, default);

    /// <summary>A purchase of <paramref name="amount"/> roubles by the customer's Telegram id, applied to the ledger at once (no notification).</summary>
    public static async Task<LedgerEntry> BuyAsync(BotApp app, Merchant merchant, TelegramUser user, decimal amount, DateTimeOffset? at = null, string? purchaseId = null)
    {
        var message = new PurchaseMessage(merchant.MerchantId, purchaseId ?? MerchantClient.NewId("p"), null, null, user.Id, amount, "RUB",
            at ?? DateTimeOffset.UtcNow.AddMinutes(-5), [], 0);
        var outcome = await app.Services.GetRequiredService<PurchaseAccrual>().ApplyAsync(message, default);
        Assert.NotNull(outcome.Earned);
        return outcome.Earned.Entry;
    }

    public static Task EnqueueAsync(BotApp app, Notification notification) => app.Services.GetRequiredService<Notifier>().EnqueueAsync(notification, default);

    public static string NewId(string kind) => $"{kind}-{Guid.NewGuid():N}";

    /// <summary>Waits until every queued notification has been handled (the listener deletes a message only when done).</summary>
    public static Task WhenQueueIsEmptyAsync(BotApp app) => FunctionsHarness.EventuallyAsync(async () =>
        (await Queue(app).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the notifications queue is empty");

    public static QueueClient Queue(BotApp app) => app.Storage.Queue(QueueNames.Notifications);

    /// <summary>Waits for a message to <paramref name="user"/> containing <paramref name="text"/>.</summary>
    public static Task<BotApiCall> MessageToAsync(BotApp app, TelegramUser user, string text) =>
        app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id && c.Text?.Contains(text, StringComparison.Ordinal) == true);

    public static IReadOnlyList<BotApiCall> MessagesTo(BotApp app, TelegramUser user) => app.Telegram.CallsOf("sendMessage").Where(c => c.ChatId == user.Id).ToList();

    /// <summary>The inline buttons of a sent message, row by row flattened: (text, callback data).</summary>
    public static IReadOnlyList<(string Text, string Data)> InlineButtons(BotApiCall call)
    {
        var markup = call.Parameters.TryGetValue("reply_markup", out var node) ? node is JsonValue v ? JsonNode.Parse(v.GetValue<string>()) : node : null;
        return markup?["inline_keyboard"] is JsonArray rows
            ? rows.SelectMany(row => row!.AsArray()).Select(b => (b!["text"]!.GetValue<string>(), b["callback_data"]?.GetValue<string>() ?? "")).ToList()
            : [];
    }
}
