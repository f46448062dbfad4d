using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>A sender whose id is not a positive user id (0, or a chat's negative id) opens no account and gets no answer.</summary>
public sealed class BotNonUserSenderTests(BotApp app) : IClassFixture<BotApp>
{
    private CustomerDirectory Directory => app.Services.GetRequiredService<CustomerDirectory>();

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-1001234567890)]
    public async Task UpdatesOfEveryKindFromANonPositiveIdOpenNoAccountAndGetNoReply(long id)
    {
        var sender = new TelegramUser(id, "Channel", "en");
        var before = app.Telegram.Calls.Count;

        foreach (var update in UpdatesOf(sender))
        {
            await app.SendAsync(update);
        }

        Assert.Empty(RepliesSince(before));
        Assert.Null(await Directory.FindAsync(LookupKey.Telegram(id), default));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task AnUpdateInAUsersChatWhoseSenderIsNotAUserGetsNoReplyAndChangesNothing(long id)
    {
        var user = TelegramUser.NewRandom("Vera", "en");
        await app.StartAsync(user);
        var before = app.Telegram.Calls.Count;

        foreach (var update in UpdatesOf(user))
        {
            var body = (JsonObject)update.Single(p => p.Key != "update_id").Value!;
            body["from"]!["id"] = id;
            await app.SendAsync(update);
        }

        Assert.Empty(RepliesSince(before));
        var after = await app.AccountAsync(user);
        Assert.Equal("en", after.Profile.Language);
        Assert.False(after.Profile.Unreachable);
        Assert.Null(await Directory.FindAsync(LookupKey.Telegram(id), default));
    }

    private IEnumerable<JsonObject> UpdatesOf(TelegramUser sender)
    {
        var language = app.Services.GetRequiredService<CallbackData>().Create("lang", "ru");
        return
        [
            sender.Text("/start"), sender.Text("/start ref_ABCDEF"), sender.Text("hello"), sender.Text("/balance"), sender.Contact("+79161234567"),
            sender.Callback(language), sender.Callback("lang:en:forged"), sender.MyChatMember(blocked: true), sender.Edited("/start"),
        ];
    }

    /// <summary>What the bot sent since; not the webhook's registration at start-up, which may still be running.</summary>
    private IEnumerable<LoyaltyBot.TelegramDouble.BotApiCall> RepliesSince(int before) =>
        app.Telegram.Calls.Skip(before).Where(c => c.Method is not ("setWebhook" or "setMyCommands" or "deleteWebhook"));
}
