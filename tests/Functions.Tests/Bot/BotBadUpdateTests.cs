using System.Net;
using System.Text.Json.Nodes;
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

        await app.SendAsync(user.Callback(data));

        var answer = await app.Telegram.WaitForAsync(c => c.Method == "answerCallbackQuery" && c.Parameter("text") is { } t && t.Contains("out of date", StringComparison.Ordinal));
        Assert.NotNull(answer);
        Assert.Equal("en", (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!.Profile.Language);
    }

    [Fact]
    public async Task EditedMessagesUpdatesWithoutASenderAndGroupChatsAreAcknowledgedWithoutReply()
    {
        var user = await RegisteredAsync("en");
        var before = app.Telegram.CallsOf("sendMessage").Count(c => c.ChatId == user.Id);
        var noSender = user.Text("/balance");
        noSender["message"]!.AsObject().Remove("from");

        await app.SendAsync(user.Edited("/start"));
        await app.SendAsync(noSender);
        await app.SendAsync(user.InGroup("hello all"));

        Assert.Equal(before, app.Telegram.CallsOf("sendMessage").Count(c => c.ChatId == user.Id));
    }

    [Fact]
    public async Task ACommandInAGroupGetsAskedToWriteInPrivateAndRegistersNoOne()
    {
        var user = TelegramUser.NewRandom("Group", "en");

        await app.SendAsync(user.InGroup("/start"));

        Assert.Null(await Directory.FindAsync(LookupKey.Telegram(user.Id), default));
        Assert.Contains("private", app.Telegram.CallsOf("sendMessage").Last(c => c.ChatId == -1001234567890).Text, StringComparison.Ordinal);
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

    private async Task<TelegramUser> RegisteredAsync(string language)
    {
        var user = TelegramUser.NewRandom("Mila", language);
        await app.SendAsync(user.Text("/start"));
        return user;
    }
}
