using System.Text.Json.Nodes;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Bot.Feedback;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Notifications;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Reviews;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.TelegramDouble;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Tests.Notifications.BotScenario;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>Feedback through the webhook: /feedback, the star buttons, the optional text, the review bonus once per purchase.</summary>
public sealed class FeedbackTests(BotApp app) : IClassFixture<BotApp>
{
    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    private FeedbackStore Reviews => app.Services.GetRequiredService<FeedbackStore>();

    [Fact]
    public async Task FeedbackListsTheLatestPurchasesWithPlaceDayAndAmount()
    {
        var (user, _) = await RegisterAsync(app, "ru");
        var merchant = await MerchantAsync(app, "Кофейня");
        for (var i = 0; i < 6; i++)
        {
            await BuyAsync(app, merchant, user, 100m + i, new DateTimeOffset(2024, 3, 10 + i, 9, 0, 0, TimeSpan.Zero));
        }

        await app.SendAsync(user.Text("/feedback"));

        var list = await MessageToAsync(app, user, "Какую покупку хотите оценить?");
        var buttons = InlineButtons(list);
        Assert.Equal(FeedbackCommand.Listed, buttons.Count);
        Assert.Equal("15 марта 2024 · Кофейня · 105 ₽", buttons[0].Text);
        Assert.Equal("11 марта 2024 · Кофейня · 101 ₽", buttons[^1].Text);
    }

    [Fact]
    public async Task TheMenuButtonOpensFeedbackAndSaysSoWhenThereIsNothingToRate()
    {
        var (user, _) = await RegisterAsync(app, "en");

        await app.SendAsync(user.Text("⭐ Feedback"));

        await MessageToAsync(app, user, "Nothing to rate yet");
    }

    [Fact]
    public async Task RatingAPurchaseEarnsTheReviewBonusOnceAndTheTextIsKept()
    {
        var (user, customer) = await RegisterAsync(app, "en");
        var merchant = await MerchantAsync(app, "Corner Coffee");
        var purchase = await BuyAsync(app, merchant, user, 1000m);
        await app.SendAsync(user.Text("/feedback"));
        var pick = InlineButtons(await MessageToAsync(app, user, "Which purchase"))[0];

        await app.SendAsync(user.Callback(pick.Data));
        var prompt = await MessageToAsync(app, user, "How was your purchase at Corner Coffee on");
        await app.SendAsync(user.Callback(InlineButtons(prompt)[3].Data));

        var thanks = await MessageToAsync(app, user, "Thank you for the 4 ⭐! You got 20 points for your review.");
        Assert.Contains("Would you like to add a few words?", thanks.Text, StringComparison.Ordinal);
        Assert.Equal("Skip", Assert.Single(InlineButtons(thanks)).Text);
        Assert.Equal(30 + 20, (await Ledger.GetAccountAsync(customer.CustomerId, default))!.Balance);
        await app.SendAsync(user.Text("Great coffee, friendly staff"));
        await MessageToAsync(app, user, "Thank you for your review!");
        var review = await Reviews.GetAsync(customer.CustomerId, PurchaseRef.Of(purchase.Operation), default);
        Assert.Equal(4, review!.Rating);
        Assert.Equal("Great coffee, friendly staff", review.Comment);
        Assert.Equal(merchant.MerchantId, review.MerchantId);

        await app.SendAsync(user.Callback(InlineButtons(prompt)[1].Data));

        await MessageToAsync(app, user, "Your rating is now 2 ⭐.");
        Assert.Equal(2, (await Reviews.GetAsync(customer.CustomerId, PurchaseRef.Of(purchase.Operation), default))!.Rating);
        Assert.Equal("Great coffee, friendly staff", (await Reviews.GetAsync(customer.CustomerId, PurchaseRef.Of(purchase.Operation), default))!.Comment);
        var entries = await Ledger.ReadEntriesAsync(customer.CustomerId, null, default);
        Assert.Single(entries, e => e.Kind == LedgerEntryKind.Bonus && e.Operation == $"review/{PurchaseRef.Of(purchase.Operation)}");
        Assert.Equal(50, (await Ledger.GetAccountAsync(customer.CustomerId, default))!.Balance);
        await app.SendAsync(user.Text("/feedback"));
        var relisted = await app.Telegram.WaitForAsync(c => c.ChatId == user.Id && c.Text == "Which purchase would you like to rate?" && InlineButtons(c)[0].Text.EndsWith("2 ⭐", StringComparison.Ordinal));
        Assert.NotNull(relisted);
    }

    [Fact]
    public async Task TheStarsUnderAPointsEarnedMessageRateThatPurchaseAndSkipEndsWithoutText()
    {
        var (user, customer) = await RegisterAsync(app, "ru");
        var merchant = await MerchantAsync(app, "Пекарня");
        var purchase = await BuyAsync(app, merchant, user, 500m, purchaseId: "p-bread-1");
        await EnqueueAsync(app, new Notification($"earn-{merchant.MerchantId}-p-bread-1", customer.CustomerId, NotificationKind.PointsEarned, purchase.Delta,
            purchase.BalanceAfter, Date: purchase.OccurredAt, MerchantId: merchant.MerchantId, PurchaseId: "p-bread-1"));
        var earned = await MessageToAsync(app, user, "Начислено 15 баллов");

        await app.SendAsync(user.Callback(InlineButtons(earned)[4].Data));
        var thanks = await MessageToAsync(app, user, "Спасибо за оценку 5 ⭐! За отзыв вам начислено 20 баллов.");
        await app.SendAsync(user.Callback(InlineButtons(thanks)[0].Data));
        await MessageToAsync(app, user, "Хорошо! Спасибо, что оценили покупку.");
        await app.SendAsync(user.Text("и ещё пара слов"));

        await MessageToAsync(app, user, "Не понял сообщение");
        var review = await Reviews.GetAsync(customer.CustomerId, PurchaseRef.Of(purchase.Operation), default);
        Assert.Equal(5, review!.Rating);
        Assert.Null(review.Comment);
        Assert.Equal(15 + 20, (await Ledger.GetAccountAsync(customer.CustomerId, default))!.Balance);
    }

    [Fact]
    public async Task AReplayedStarPressGrantsNothingMore()
    {
        var (user, customer) = await RegisterAsync(app, "en");
        var merchant = await MerchantAsync(app, "Corner Coffee");
        var purchase = await BuyAsync(app, merchant, user, 1000m);
        var press = user.Callback(app.Services.GetRequiredService<CallbackData>().Create(FeedbackCommand.CallbackPrefix, $"{PurchaseRef.Of(purchase.Operation)}.5"));
        var again = user.Callback(app.Services.GetRequiredService<CallbackData>().Create(FeedbackCommand.CallbackPrefix, $"{PurchaseRef.Of(purchase.Operation)}.5"));

        await app.SendAsync(press);
        await app.SendAsync(press);
        await app.SendAsync(again);

        await MessageToAsync(app, user, "Your rating is now 5 ⭐.");
        Assert.Equal(30 + 20, (await Ledger.GetAccountAsync(customer.CustomerId, default))!.Balance);
        Assert.Equal(2, MessagesTo(app, user).Count);
    }

    [Fact]
    public async Task ErasingTheCustomersDataErasesTheTextsOfTheirReviewsAndKeepsTheStars()
    {
        var (user, customer) = await RegisterAsync(app, "en");
        var merchant = await MerchantAsync(app, "Corner Coffee");
        var reference = PurchaseRef.Of((await BuyAsync(app, merchant, user, 1000m)).Operation);
        await app.SendAsync(user.Callback(app.Services.GetRequiredService<CallbackData>().Create(FeedbackCommand.CallbackPrefix, $"{reference}.4")));
        await app.SendAsync(user.Text("Ask for Maria, she knows my order"));
        await MessageToAsync(app, user, "Thank you for your review!");

        await app.SendAsync(user.Text("/deletedata"));
        await app.SendAsync(user.Callback(InlineButtons(app.Telegram.LastReply(user))[0].Data));

        await FunctionsHarness.EventuallyAsync(async () => (await Reviews.GetAsync(customer.CustomerId, reference, default))?.Comment is null, "the review's text is erased");
        Assert.Equal(4, (await Reviews.GetAsync(customer.CustomerId, reference, default))!.Rating);
    }

    [Fact]
    public async Task ForgedOrStaleButtonsAreAnsweredAsStaleAndGrantNothing()
    {
        var (user, customer) = await RegisterAsync(app, "en");
        var (stranger, _) = await RegisterAsync(app, "en");
        var merchant = await MerchantAsync(app, "Corner Coffee");
        var purchase = await BuyAsync(app, merchant, user, 1000m);
        var callbackData = app.Services.GetRequiredService<CallbackData>();
        var reference = PurchaseRef.Of(purchase.Operation);

        JsonObject[] presses =
        [
            user.Callback($"fb:{reference}.5:AAAAAAAAAA"),
            user.Callback(callbackData.Create("fb", "AAAAAAAAAAAA.5")),
            user.Callback(callbackData.Create("fb", $"{reference}.9")),
            user.Callback(callbackData.Create("fb", "not-a-ref")),
            stranger.Callback(callbackData.Create("fb", $"{reference}.5")),
        ];

        foreach (var press in presses)
        {
            await app.SendAsync(press);
        }

        foreach (var press in presses)
        {
            Assert.Equal(BotTexts.StaleButton.En, (await app.AnswerToAsync(press)).Parameter("text"));
        }

        Assert.Equal(30, (await Ledger.GetAccountAsync(customer.CustomerId, default))!.Balance);
        Assert.Null(await Reviews.GetAsync(customer.CustomerId, reference, default));
        Assert.Empty(MessagesTo(app, user));
        Assert.Empty(MessagesTo(app, stranger));
    }
}

/// <summary>The same conversation by long polling.</summary>
public sealed class FeedbackByLongPollingTests(PollingBotApp app) : IClassFixture<PollingBotApp>
{
    [Fact]
    public async Task RatingByLongPollingEarnsTheBonusOnce()
    {
        var (user, customer) = await RegisterAsync(app, "ru");
        var merchant = await MerchantAsync(app, "Кофейня");
        await BuyAsync(app, merchant, user, 1000m);

        app.Telegram.QueueUpdate(user.Text("/feedback"));
        var pick = InlineButtons(await MessageToAsync(app, user, "Какую покупку хотите оценить?"))[0];
        app.Telegram.QueueUpdate(user.Callback(pick.Data));
        var prompt = await MessageToAsync(app, user, "Как вам покупка в «Кофейня»");
        app.Telegram.QueueUpdate(user.Callback(InlineButtons(prompt)[2].Data));
        await MessageToAsync(app, user, "Спасибо за оценку 3 ⭐! За отзыв вам начислено 20 баллов.");
        app.Telegram.QueueUpdate(user.Callback(InlineButtons(prompt)[4].Data));
        await MessageToAsync(app, user, "Оценка изменена: 5 ⭐.");
        app.Telegram.QueueUpdate(user.Text("Вкусно"));
        await MessageToAsync(app, user, "Спасибо за отзыв!");

        Assert.Equal(30 + 20, (await app.Services.GetRequiredService<LedgerStore>().GetAccountAsync(customer.CustomerId, default))!.Balance);
    }
}
