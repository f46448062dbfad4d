using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Notifications;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Telegram.Bot.Types;
using Telegram.Bot;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>Whatever the user's name or input, every text the bot sends fits Telegram's limits; long names are shortened.</summary>
public sealed class BotTextLimitTests(BotApp app) : IClassFixture<BotApp>
{
    /// <summary>Over 5 000 characters, with accents and emoji families, so that a careless cut would split a character.</summary>
    private static readonly string HugeName = string.Concat(Enumerable.Repeat("Ан\u0301на👩‍👩‍👧", 385));

    [Fact]
    public async Task TheWelcomeToAUserWithAFiveThousandCharacterNameFitsAndShowsTheNameShortened()
    {
        var user = LongNamed();

        var welcome = await app.ReplyAsync(user, user.Text("/start"));

        var account = await app.AccountAsync(user);
        Assert.InRange(welcome.Text!.Length, 1, TelegramLimits.MessageText);
        Assert.Contains($"Hello, {TelegramLimits.Name(HugeName)}!", welcome.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(HugeName[..100], welcome.Text, StringComparison.Ordinal);
        Assert.Contains(CardNumber.Grouped(account.Profile.CardNumber), welcome.Text, StringComparison.Ordinal);
        Assert.InRange(account.Profile.Name!.Length, 1, TelegramLimits.StoredName);
    }

    [Fact]
    public async Task WelcomeBackCardAndInviteOfALongNamedCustomerFitTelegramsLimits()
    {
        var user = LongNamed();
        await app.StartAsync(user);

        var back = await app.ReplyAsync(user, user.Text("/start"));
        var card = await app.ReplyAsync(user, user.Text("/card"), "sendPhoto");
        var invite = await app.ReplyAsync(user, user.Text("/invite"));

        Assert.Contains($"Welcome back, {TelegramLimits.Name(HugeName)}!", back.Text, StringComparison.Ordinal);
        Assert.InRange(back.Text!.Length, 1, TelegramLimits.MessageText);
        Assert.InRange(card.Text!.Length, 1, TelegramLimits.Caption);
        Assert.InRange(invite.Text!.Length, 1, TelegramLimits.MessageText);
    }

    [Fact]
    public async Task ABirthdayGreetingNamesALongNamedCustomerShortened()
    {
        var user = LongNamed();
        var account = await app.StartAsync(user);

        var greeting = await app.Services.GetRequiredService<NotificationRenderer>()
            .RenderAsync(new Notification("birthday-long-name", account.CustomerId, NotificationKind.Birthday), account, default);

        Assert.Contains(", " + HugeName[..10], greeting!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(HugeName[..40], greeting.Text, StringComparison.Ordinal);
        Assert.InRange(greeting.Text.Length, 1, TelegramLimits.MessageText);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(4096)]
    [InlineData(20_000)]
    public async Task AVeryLongAnswerToTheBirthdayQuestionGetsAReplyWithinTheLimits(int length)
    {
        var user = LongNamed();
        await app.StartAsync(user);
        await app.ReplyAsync(user, user.Text("/birthday"));

        var reply = await app.ReplyAsync(user, user.Text(string.Concat(Enumerable.Repeat("31.12.", length / 6 + 1))[..length]));

        Assert.InRange(reply.Text!.Length, 1, TelegramLimits.MessageText);
    }

    [Fact]
    public async Task EveryTextTheBotSendsIsCutToTelegramsLimitsOnTheWayOut()
    {
        var user = TelegramUser.NewRandom();
        var bot = app.Services.GetRequiredService<ITelegramBotClient>();
        var notifications = app.Services.GetRequiredService<NotificationBot>().Client;
        var tooLong = string.Concat(Enumerable.Repeat("👍 ok ", 5000));

        await bot.SendMessage(user.Id, tooLong);
        await notifications.SendMessage(user.Id, tooLong, Telegram.Bot.Types.Enums.ParseMode.Html);
        await bot.AnswerCallbackQuery("query-1", tooLong);
        using var image = new MemoryStream([1, 2, 3]);
        await bot.SendPhoto(user.Id, InputFile.FromStream(image, "card.png"), caption: tooLong);

        var sent = app.Telegram.CallsOf("sendMessage").Where(c => c.ChatId == user.Id).ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, m => Assert.InRange(m.Text!.Length, TelegramLimits.MessageText - 10, TelegramLimits.MessageText));
        Assert.All(sent, m => Assert.EndsWith("…", m.Text, StringComparison.Ordinal));
        Assert.Null(sent[1].Parameter("parse_mode"));
        Assert.InRange(app.Telegram.CallsOf("answerCallbackQuery").Single(c => c.Parameter("callback_query_id") == "query-1").Parameter("text")!.Length, 1, TelegramLimits.CallbackAnswer);
        Assert.InRange(app.Telegram.CallsOf("sendPhoto").Single(c => c.ChatId == user.Id).Text!.Length, 1, TelegramLimits.Caption);
    }

    private static TelegramUser LongNamed() =>
        new(Random.Shared.NextInt64(10_000_000, 9_000_000_000), HugeName, "en", HugeName, username: new string('u', 5000));
}
