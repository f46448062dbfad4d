using System.Net;
using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>Updates the bot does not expect get a short helpful answer or are ignored: never a 5xx, nothing stored for them.</summary>
public sealed class BotBadUpdateTests(BotApp app) : IClassFixture<BotApp>
{
    private CustomerDirectory Directory => app.Services.GetRequiredService<CustomerDirectory>();

    [Fact]
    public async Task StickersAndPhotosGetAHintInTheUsersLanguage()
    {
        var user = await RegisteredAsync("en");

        await app.SendAsync(user.Sticker());
        await app.SendAsync(user.Photo());

        var hints = app.Telegram.CallsOf("sendMessage").Where(c => c.ChatId == user.Id).Skip(1).ToList();
        Assert.Equal(2, hints.Count);
        Assert.All(hints, h => Assert.Contains("I only understand text and buttons", h.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RandomTextGetsAHintAndAnUnknownCommandSaysSo()
    {
        var user = await RegisteredAsync("ru");

        await app.SendAsync(user.Text("сколько стоит слон?"));
        await app.SendAsync(user.Text("/teleport"));

        var replies = app.Telegram.CallsOf("sendMessage").Where(c => c.ChatId == user.Id).Skip(1).Select(c => c.Text).ToList();
        Assert.Contains("Не понял сообщение", replies[0], StringComparison.Ordinal);
        Assert.Contains("Такой команды нет", replies[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SomeoneNotRegisteredIsAskedToPressStartAndNothingIsStored()
    {
        var stranger = TelegramUser.NewRandom("Stranger", "en");

        await app.SendAsync(stranger.Text("hello"));
        await app.SendAsync(stranger.Text("/help"));
        await app.SendAsync(stranger.Callback("lang:en:forged"));

        Assert.Null(await Directory.FindAsync(LookupKey.Telegram(stranger.Id), default));
        Assert.Contains("press /start", app.Telegram.CallsOf("sendMessage").First(c => c.ChatId == stranger.Id).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeTextIsRefusedPolitely()
    {
        var user = await RegisteredAsync("en");

        await app.SendAsync(user.Text(new string('a', 4096)));

        Assert.Contains("too long", app.Telegram.CallsOf("sendMessage").Last(c => c.ChatId == user.Id).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lang:ru:AAAAAAAAAA")]
    [InlineData("lang:ru")]
    [InlineData("nonsense")]
    [InlineData("")]
    [InlineData(null)]
    public async Task ForgedOrMissingCallbackDataIsAnsweredAsStaleAndChangesNothing(string? data)
    {
        var user = await RegisteredAsync("en");
        var press = user.Callback(data);

        await app.SendAsync(press);

        Assert.Contains("out of date", (await app.AnswerToAsync(press)).Parameter("text"), StringComparison.Ordinal);
        Assert.Equal("en", (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!.Profile.Language);
    }

    [Fact]
    public async Task EditedMessagesUpdatesWithoutASenderAndGroupChatsAreAcknowledgedWithoutReply()
    {
        var user = await RegisteredAsync("en");
        var before = app.Telegram.Calls.Count;
        var noSender = user.Text("/balance");
        noSender["message"]!.AsObject().Remove("from");

        await app.SendAsync(user.Edited("/start"));
        await app.SendAsync(noSender);
        await app.SendAsync(user.InGroup("hello all"));

        // Nothing to the user's chat nor to the group's.
        Assert.DoesNotContain(app.Telegram.Calls.Skip(before), c => c.Method == "sendMessage");
    }

    [Fact]
    public async Task ACommandInAGroupGetsAskedToWriteInPrivateAndRegistersNoOne()
    {
        var user = TelegramUser.NewRandom("Group", "en");
        var command = user.InGroup("/start");
        var before = app.Telegram.Calls.Count;

        await app.SendAsync(command);

        Assert.Null(await Directory.FindAsync(LookupKey.Telegram(user.Id), default));
        // The group is every test user's, so only the answer sent while handling this command counts.
        var groupId = command["message"]!["chat"]!["id"]!.GetValue<long>();
        var answer = Assert.Single(app.Telegram.Calls.Skip(before), c => c.Method == "sendMessage" && c.ChatId == groupId);
        Assert.Contains("private", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlockingTheBotMarksTheCustomerUnreachableAndUnblockingReachableAgain()
    {
        var user = await RegisteredAsync("en");

        await app.SendAsync(user.MyChatMember(blocked: true));
        var blocked = await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default);
        await app.SendAsync(user.MyChatMember(blocked: false));
        var unblocked = await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default);

        Assert.True(blocked!.Profile.Unreachable);
        Assert.False(unblocked!.Profile.Unreachable);
    }

    [Fact]
    public async Task WhenTelegramSaysTheUserBlockedTheBotTheUpdateIsStillAcknowledgedAndTheCustomerMarked()
    {
        var user = await RegisteredAsync("en");
        app.Telegram.FailWith = call => call.ChatId == user.Id ? LoyaltyBot.TelegramDouble.BotApiFailure.Blocked() : null;
        try
        {
            using var response = await app.PostUpdateAsync(user.Text("/help"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True((await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!.Profile.Unreachable);
        }
        finally
        {
            app.Telegram.FailWith = null;
        }
    }

    public static TheoryData<string> Malformed => [.. MalformedUpdates.Keys];

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task AnUpdateTheBotCannotUseIsAcknowledgedAndIgnoredWithNothingSentOrStored(string kind)
    {
        var user = TelegramUser.NewRandom("Malformed", "en");
        var before = app.Telegram.Calls.Count;

        using var response = await app.PostRawAsync(MalformedUpdates[kind](user));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(app.Telegram.Calls.Skip(before));
        Assert.Null(await Directory.FindAsync(LookupKey.Telegram(user.Id), default));
    }

    /// <summary>Updates with a field Telegram always sends missing, or of the wrong type, and bodies that are no update at all.</summary>
    private static readonly Dictionary<string, Func<TelegramUser, string>> MalformedUpdates = new()
    {
        ["callback without from"] = u => Without(u.Callback("lang:en:forged"), "callback_query", "from"),
        ["callback without id"] = u => Without(u.Callback("lang:en:forged"), "callback_query", "id"),
        ["callback whose message has no chat"] = u => With(u.Callback("lang:en:forged"), q => q["message"]!.AsObject().Remove("chat")),
        ["start without chat"] = u => Without(u.Text("/start"), "message", "chat"),
        ["start with a null chat"] = u => With(u.Text("/start"), m => m["chat"] = null),
        ["start without from"] = u => Without(u.Text("/start"), "message", "from"),
        ["start from a bot"] = u => With(u.Text("/start"), m => m["from"]!["is_bot"] = true),
        ["start from a string"] = u => With(u.Text("/start"), m => m["from"] = "someone"),
        ["start with a sender id that is not a number"] = u => With(u.Text("/start"), m => m["from"]!["id"] = "abc"),
        ["start with text that is a number"] = u => With(u.Text("/start"), m => m["text"] = 42),
        ["start with a date out of range"] = u => With(u.Text("/start"), m => m["date"] = 1e15),
        ["start in a chat of an unknown type"] = u => With(u.Text("/start"), m => m["chat"]!["type"] = "spaceship"),
        ["start in a chat that is not the sender's"] = u => With(u.Text("/start"), m => m["chat"]!["id"] = 42),
        ["member update without the new status"] = u => Without(u.MyChatMember(blocked: true), "my_chat_member", "new_chat_member"),
        ["member update with an empty new status"] = u => With(u.MyChatMember(blocked: true), m => m["new_chat_member"] = new JsonObject()),
        ["member update without from"] = u => Without(u.MyChatMember(blocked: true), "my_chat_member", "from"),
        ["update id as a huge number"] = u => With(u.Text("/start"), _ => { }).Replace("\"update_id\":", "\"update_id\":1e30,\"x\":", StringComparison.Ordinal),
        ["update without an id"] = u => Without(u.Text("/start"), "update_id"),
        ["an unknown kind"] = _ => $"{{\"update_id\": {TelegramUser.NextUpdateId()}, \"future_kind\": {{\"from\": {{\"id\": 1}}}}}}",
        ["empty object"] = _ => "{}",
        ["array"] = _ => "[]",
        ["null"] = _ => "null",
        ["string"] = _ => "\"an update\"",
        ["number"] = _ => "42",
        ["not json"] = _ => "update_id=1&message=hi",
    };

    private static string With(JsonObject update, Action<JsonObject> change)
    {
        change((JsonObject)update.Single(p => p.Key != "update_id").Value!);
        return update.ToJsonString();
    }

    private static string Without(JsonObject update, params string[] path)
    {
        var parent = path[..^1].Aggregate((JsonNode)update, (node, key) => node[key]!).AsObject();
        parent.Remove(path[^1]);
        return update.ToJsonString();
    }

    private Task<TelegramUser> RegisteredAsync(string language) => app.StartedUserAsync(language, "Mila");
}
