using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.TelegramDouble;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>What the bot sent one user, and the buttons of a message's keyboard (reply or inline).</summary>
internal static class BotReplies
{
    public static List<BotApiCall> Replies(this BotApiDouble telegram, TelegramUser user) =>
        [.. telegram.CallsOf("sendMessage").Where(c => c.ChatId == user.Id)];

    public static BotApiCall LastReply(this BotApiDouble telegram, TelegramUser user) => telegram.Replies(user)[^1];

    /// <summary>Each button as its text, with the JSON of the button when it is an object (request_contact, callback_data).</summary>
    public static IReadOnlyList<JsonNode> Buttons(this BotApiCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var markup = call.Parameter("reply_markup") is { } json ? JsonNode.Parse(json) : null;
        var rows = markup?["keyboard"] ?? markup?["inline_keyboard"];
        return rows is JsonArray array ? [.. array.SelectMany(row => row!.AsArray()).Select(b => b!)] : [];
    }

    public static IReadOnlyList<string> ButtonTexts(this BotApiCall call) =>
        [.. call.Buttons().Select(b => b is JsonValue ? b.GetValue<string>() : b["text"]!.GetValue<string>())];
}
