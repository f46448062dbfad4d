using System.Text.Json.Nodes;

namespace LoyaltyBot.Functions.Tests.Infrastructure;

/// <summary>
/// A Telegram user in a private chat with the bot, producing updates as Telegram sends them (the JSON shapes of
/// https://core.telegram.org/bots/api#update). Update ids come from one counter, so no two updates of a run collide.
/// </summary>
public sealed class TelegramUser(long id, string firstName = "Anna", string languageCode = "ru", string? lastName = "Petrova", string? username = null)
{
    private static long nextUpdateId = 100_000_000 + Random.Shared.Next(0, 1_000_000);
    private static int nextMessageId = 1000;

    public long Id => id;

    public static TelegramUser NewRandom(string firstName = "Anna", string languageCode = "ru") => new(Random.Shared.NextInt64(10_000_000, 9_000_000_000), firstName, languageCode);

    public static long NextUpdateId() => Interlocked.Increment(ref nextUpdateId);

    public JsonObject Text(string text) => Update("message", Message(text));

    public JsonObject Contact(string phone, long? contactUserId = null)
    {
        var message = Message(null);
        message["contact"] = new JsonObject { ["phone_number"] = phone, ["first_name"] = firstName, ["user_id"] = contactUserId ?? id };
        return Update("message", message);
    }

    public JsonObject Sticker()
    {
        var message = Message(null);
        message["sticker"] = new JsonObject
        {
            ["file_id"] = "CAACAgIAAxkBAAIBY2", ["file_unique_id"] = "AgADsw", ["type"] = "regular", ["width"] = 512, ["height"] = 512,
            ["is_animated"] = false, ["is_video"] = false, ["emoji"] = "👍",
        };
        return Update("message", message);
    }

    public JsonObject Photo()
    {
        var message = Message(null);
        message["photo"] = new JsonArray(new JsonObject { ["file_id"] = "AgACAgIAAxkBAAIBZG", ["file_unique_id"] = "AQADr", ["width"] = 90, ["height"] = 67, ["file_size"] = 1234 });
        return Update("message", message);
    }

    public JsonObject Edited(string text)
    {
        var message = Message(text);
        message["edit_date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Update("edited_message", message);
    }

    public JsonObject InGroup(string text)
    {
        var message = Message(text);
        message["chat"] = new JsonObject { ["id"] = -1001234567890, ["title"] = "Coffee lovers", ["type"] = "supergroup" };
        return Update("message", message);
    }

    public JsonObject Callback(string? data, int messageId = 1000)
    {
        var query = new JsonObject
        {
            ["id"] = Random.Shared.NextInt64(1, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["from"] = From(),
            ["message"] = new JsonObject
            {
                ["message_id"] = messageId, ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["chat"] = Chat(), ["text"] = "menu",
                ["from"] = new JsonObject { ["id"] = 7000000001, ["is_bot"] = true, ["first_name"] = "LoyaltyBot", ["username"] = "loyalty_test_bot" },
            },
            ["chat_instance"] = "-7893746523847",
        };
        if (data is not null)
        {
            query["data"] = data;
        }

        return Update("callback_query", query);
    }

    /// <summary>The user blocked the bot (<paramref name="blocked"/>) or unblocked it.</summary>
    public JsonObject MyChatMember(bool blocked) => Update("my_chat_member", new JsonObject
    {
        ["chat"] = Chat(),
        ["from"] = From(),
        ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["old_chat_member"] = new JsonObject { ["user"] = BotUser(), ["status"] = blocked ? "member" : "kicked", ["until_date"] = 0 },
        ["new_chat_member"] = new JsonObject { ["user"] = BotUser(), ["status"] = blocked ? "kicked" : "member", ["until_date"] = 0 },
    });

    private static JsonObject BotUser() => new() { ["id"] = 7000000001, ["is_bot"] = true, ["first_name"] = "LoyaltyBot", ["username"] = "loyalty_test_bot" };

    private JsonObject Message(string? text)
    {
        var message = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref nextMessageId),
            ["from"] = From(),
            ["chat"] = Chat(),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        if (text is not null)
        {
            message["text"] = text;
            if (text.StartsWith('/'))
            {
                var length = text.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? space : text.Length;
                message["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = length, ["type"] = "bot_command" });
            }
        }

        return message;
    }

    private JsonObject From()
    {
        var from = new JsonObject { ["id"] = id, ["is_bot"] = false, ["first_name"] = firstName, ["language_code"] = languageCode };
        if (lastName is not null)
        {
            from["last_name"] = lastName;
        }

        if (username is not null)
        {
            from["username"] = username;
        }

        return from;
    }

    private JsonObject Chat() => new() { ["id"] = id, ["first_name"] = firstName, ["type"] = "private" };

    private static JsonObject Update(string kind, JsonObject body) => new() { ["update_id"] = NextUpdateId(), [kind] = body };
}
