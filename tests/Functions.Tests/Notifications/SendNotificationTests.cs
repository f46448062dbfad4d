using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Notifications;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.TelegramDouble;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Tests.Notifications.BotScenario;

namespace LoyaltyBot.Functions.Tests.Notifications;

/// <summary>The SendNotification function of the real app, on its queue, sending through the real Telegram.Bot client to the Bot API double.</summary>
public sealed class SendNotificationTests(BotApp app) : IClassFixture<BotApp>
{
    private static readonly DateTimeOffset PurchasedAt = new(2024, 3, 12, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ExpiresAt = new(2030, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    public static TheoryData<NotificationKind, string, string> EveryKindInBothLanguages => new()
    {
        { NotificationKind.PointsEarned, "ru", "Начислено 30 баллов за покупку в «Кофейня» 12 марта 2024. На счёте 130 баллов." },
        { NotificationKind.PointsEarned, "en", "You earned 30 points for your purchase at Кофейня on 12 March 2024. Your balance: 130 points." },
        { NotificationKind.PointsClawedBack, "ru", "Покупка в «Кофейня» возвращена: списано 15 баллов. На счёте 115 баллов." },
        { NotificationKind.PointsClawedBack, "en", "Your purchase at Кофейня was refunded: 15 points taken back. Your balance: 115 points." },
        { NotificationKind.TierChanged, "ru", "Ваш уровень теперь — «Серебряный»: с каждой покупки вам возвращается 5% баллами." },
        { NotificationKind.TierChanged, "en", "Your tier is now Silver: you get 5% back in points on every purchase." },
        { NotificationKind.PointsExpiring, "ru", "1 июня 2030 сгорят баллы: 122. Успейте их потратить!" },
        { NotificationKind.PointsExpiring, "en", "122 points will expire on 1 June 2030 — use them before then!" },
        { NotificationKind.Birthday, "ru", "С днём рождения, Anna! Дарим вам 300 баллов 🎁" },
        { NotificationKind.Birthday, "en", "Happy birthday, Anna! Here are 300 bonus points from us 🎁" },
        { NotificationKind.ReferralReward, "ru", "Ваш друг сделал первую покупку — вам начислено 202 балла." },
        { NotificationKind.ReferralReward, "en", "A friend you invited made their first purchase: you got 202 points." },
        { NotificationKind.PointsSpent, "ru", "Вы оплатили баллами в «Кофейня»: списано 120 баллов. На счёте 380 баллов." },
        { NotificationKind.PointsSpent, "en", "You paid with points at Кофейня: 120 points spent. Your balance: 380 points." },
        { NotificationKind.PointsRestored, "ru", "Оплата баллами в «Кофейня» отменена: 120 баллов вернулись на счёт. На счёте 500 баллов." },
        { NotificationKind.PointsRestored, "en", "Your payment with points at Кофейня was cancelled: 120 points are back. Your balance: 500 points." },
        { NotificationKind.PointsExpired, "ru", "Срок действия баллов истёк: сгорело 41 балл. На счёте 0 баллов." },
        { NotificationKind.PointsExpired, "en", "41 points expired. Your balance: 0 points." },
        { NotificationKind.FriendBonus, "ru", "Спасибо за первую покупку по приглашению друга! Дарим вам 100 баллов 🎁 На счёте 130 баллов." },
        { NotificationKind.FriendBonus, "en", "Thank you for your first purchase with a friend's invitation! Here are 100 bonus points 🎁 Your balance: 130 points." },
        { NotificationKind.Broadcast, "ru", "Всю неделю двойные баллы!" },
        { NotificationKind.Broadcast, "en", "Всю неделю двойные баллы!" },
        { NotificationKind.PointsLastChance, "ru", "Последний шанс: 1 июня 2030 сгорят баллы: 122. Потратьте их при следующей покупке!" },
        { NotificationKind.PointsLastChance, "en", "Last chance: 122 points expire on 1 June 2030. Spend them on your next purchase!" },
        { NotificationKind.TierWarning, "ru", "Чтобы сохранить уровень «Золотой», совершите покупки ещё на 12\u00a0500 ₽ до 1 июня 2030. Иначе уровень понизится." },
        { NotificationKind.TierWarning, "en", "To keep your Gold tier, spend 12,500 ₽ more by 1 June 2030; otherwise your tier will be lowered." },
        { NotificationKind.TierLowered, "ru", "Ваш уровень понижен до «Серебряный»: с каждой покупки вам возвращается 5% баллами. Покупки ещё на 12\u00a0500 ₽ вернут уровень «Золотой»." },
        { NotificationKind.TierLowered, "en", "Your tier has been lowered to Silver: you get 5% back in points on every purchase. Spend 12,500 ₽ more to win back the Gold tier." },
    };

    [Theory]
    [MemberData(nameof(EveryKindInBothLanguages))]
    public async Task EachKindIsSentToTheCustomersChatInTheirLanguage(NotificationKind kind, string language, string expected)
    {
        var (user, customer) = await RegisterAsync(app, language);
        var merchant = await MerchantAsync(app, "Кофейня");
        var notification = kind switch
        {
            NotificationKind.PointsEarned => new Notification(NewId("earn"), customer.CustomerId, kind, 30, 130, Date: PurchasedAt, MerchantId: merchant.MerchantId, PurchaseId: "p-1"),
            NotificationKind.PointsClawedBack => new Notification(NewId("refund"), customer.CustomerId, kind, 15, 115, MerchantId: merchant.MerchantId),
            NotificationKind.TierChanged => new Notification(NewId("tier"), customer.CustomerId, kind, Tier: "Silver"),
            NotificationKind.PointsExpiring or NotificationKind.PointsLastChance => new Notification(NewId("expiry"), customer.CustomerId, kind, 122, Date: ExpiresAt),
            NotificationKind.Birthday => new Notification(NewId("birthday"), customer.CustomerId, kind, 300),
            NotificationKind.ReferralReward => new Notification(NewId("referral"), customer.CustomerId, kind, 202, 302),
            NotificationKind.PointsSpent => new Notification(NewId("spent"), customer.CustomerId, kind, 120, 380, MerchantId: merchant.MerchantId),
            NotificationKind.PointsRestored => new Notification(NewId("restored"), customer.CustomerId, kind, 120, 500, MerchantId: merchant.MerchantId),
            NotificationKind.PointsExpired => new Notification(NewId("expired"), customer.CustomerId, kind, 41, 0),
            NotificationKind.FriendBonus => new Notification(NewId("friend-bonus"), customer.CustomerId, kind, 100, 130),
            NotificationKind.TierWarning => new Notification(NewId("tier-warning"), customer.CustomerId, kind, Tier: "Gold", Date: ExpiresAt, Amount: 12_500m),
            NotificationKind.TierLowered => new Notification(NewId("tier-lowered"), customer.CustomerId, kind, Tier: "Silver", Amount: 12_500m),
            _ => new Notification(NewId("broadcast"), customer.CustomerId, kind, Text: "Всю неделю двойные баллы!"),
        };

        await EnqueueAsync(app, notification);

        var sent = await MessageToAsync(app, user, expected);
        Assert.Equal(user.Id, sent.ChatId);
    }

    [Fact]
    public async Task APointsEarnedMessageOffersOneToFiveStarsForThatPurchaseAndSaysWhenTheTierWasRaised()
    {
        var (user, customer) = await RegisterAsync(app, "en");
        var merchant = await MerchantAsync(app, "Corner Coffee");

        await EnqueueAsync(app, new Notification(NewId("earn"), customer.CustomerId, NotificationKind.PointsEarned, 450, 550, "Silver", PurchasedAt, merchant.MerchantId,
            PurchaseId: "p-2024-03-12-0001"));

        var sent = await MessageToAsync(app, user, "You earned 450 points");
        Assert.Contains("Congratulations: you have reached the Silver tier!", sent.Text, StringComparison.Ordinal);
        Assert.Contains("Rate your purchase and get 20 points:", sent.Text, StringComparison.Ordinal);
        var stars = InlineButtons(sent);
        Assert.Equal(["1 ⭐", "2 ⭐", "3 ⭐", "4 ⭐", "5 ⭐"], stars.Select(b => b.Text));
        Assert.All(stars, b => Assert.StartsWith("fb:", b.Data, StringComparison.Ordinal));
        Assert.All(stars, b => Assert.True(System.Text.Encoding.UTF8.GetByteCount(b.Data) <= 64));
        Assert.Equal(5, stars.Select(b => b.Data).Distinct().Count());
    }

    [Fact]
    public async Task TheSameNotificationQueuedTwiceIsSentOnce()
    {
        var (user, customer) = await RegisterAsync(app, "ru");
        var notification = new Notification(NewId("birthday"), customer.CustomerId, NotificationKind.Birthday, 300);

        await EnqueueAsync(app, notification);
        await EnqueueAsync(app, notification);
        await EnqueueAsync(app, notification with { Id = NewId("broadcast"), Kind = NotificationKind.Broadcast, Text = "Ждём вас в гости" });

        await MessageToAsync(app, user, "Ждём вас в гости");
        await WhenQueueIsEmptyAsync(app);
        Assert.Single(MessagesTo(app, user), c => c.Text!.Contains("С днём рождения", StringComparison.Ordinal));
        await EnqueueAsync(app, notification);
        await WhenQueueIsEmptyAsync(app);
        Assert.Equal(2, MessagesTo(app, user).Count);
    }

    [Fact]
    public async Task ATooManyRequestsAnswerIsWaitedOutAndTheMessageDeliveredOnce()
    {
        var (user, customer) = await RegisterAsync(app, "en");
        var refused = 0;
        app.Telegram.FailWith = call => call.ChatId == user.Id && Interlocked.Increment(ref refused) == 1 ? BotApiFailure.TooManyRequests(1) : null;
        try
        {
            await EnqueueAsync(app, new Notification(NewId("tier"), customer.CustomerId, NotificationKind.TierChanged, Tier: "Gold"));

            var delivered = await MessageToAsync(app, user, "Your tier is now Gold");
            await WhenQueueIsEmptyAsync(app);
            var tooMany = Assert.Single(app.Telegram.Calls, c => c.Method == "sendMessage!429" && c.ChatId == user.Id);
            Assert.Single(MessagesTo(app, user));
            Assert.True(delivered.At - tooMany.At >= TimeSpan.FromSeconds(0.99), $"retried after {(delivered.At - tooMany.At).TotalMilliseconds} ms, before retry_after");
        }
        finally
        {
            app.Telegram.FailWith = null;
        }
    }

    [Fact]
    public async Task ACustomerWhoBlockedTheBotIsMarkedUnreachableAndNotWrittenToAgain()
    {
        var (user, customer) = await RegisterAsync(app, "ru");
        app.Telegram.FailWith = call => call.ChatId == user.Id ? BotApiFailure.Blocked() : null;
        try
        {
            await EnqueueAsync(app, new Notification(NewId("birthday"), customer.CustomerId, NotificationKind.Birthday, 300));
            await app.Telegram.WaitForAsync(c => c.Method == "sendMessage!403" && c.ChatId == user.Id);
            await WhenQueueIsEmptyAsync(app);
            Assert.True((await Ledger.GetAccountAsync(customer.CustomerId, default))!.Profile.Unreachable);

            await EnqueueAsync(app, new Notification(NewId("tier"), customer.CustomerId, NotificationKind.TierChanged, Tier: "Gold"));
            await WhenQueueIsEmptyAsync(app);

            Assert.Single(app.Telegram.Calls, c => c.ChatId == user.Id);
            Assert.DoesNotContain((await app.Storage.Queue(QueueNames.Notifications + StorageAccount.PoisonSuffix).PeekMessagesAsync(32)).Value,
                m => m.Body.ToString().Contains(customer.CustomerId, StringComparison.Ordinal));
        }
        finally
        {
            app.Telegram.FailWith = null;
        }
    }

    [Fact]
    public async Task CustomersWithoutAChatUnreachableOrGoneAreSkippedWithoutFailing()
    {
        var (noChat, withoutChat) = await RegisterAsync(app, "ru", withChat: false);
        var (blocked, unreachable) = await RegisterAsync(app, "ru");
        await Ledger.UpdateProfileAsync(unreachable.CustomerId, p => p with { Unreachable = true }, default);
        var (control, reachable) = await RegisterAsync(app, "ru");

        string[] skipped = [withoutChat.CustomerId, unreachable.CustomerId, "c-no-such-customer-" + Guid.NewGuid().ToString("N")];
        foreach (var customerId in skipped)
        {
            await EnqueueAsync(app, new Notification(NewId("tier"), customerId, NotificationKind.TierChanged, Tier: "Gold"));
        }

        await EnqueueAsync(app, new Notification(NewId("tier"), reachable.CustomerId, NotificationKind.TierChanged, Tier: "Gold"));

        await MessageToAsync(app, control, "Ваш уровень теперь — «Золотой»");
        await WhenQueueIsEmptyAsync(app);
        Assert.DoesNotContain(app.Telegram.Calls, c => c.ChatId == noChat.Id || c.ChatId == blocked.Id);
        Assert.DoesNotContain((await app.Storage.Queue(QueueNames.Notifications + StorageAccount.PoisonSuffix).PeekMessagesAsync(32)).Value,
            m => skipped.Any(id => m.Body.ToString().Contains(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ANotificationWithNothingToSayIsSkipped()
    {
        var (user, customer) = await RegisterAsync(app, "en");

        await EnqueueAsync(app, new Notification(NewId("broadcast"), customer.CustomerId, NotificationKind.Broadcast, Text: " "));
        await EnqueueAsync(app, new Notification(NewId("tier"), customer.CustomerId, NotificationKind.TierChanged));
        await EnqueueAsync(app, new Notification(NewId("earn"), customer.CustomerId, NotificationKind.PointsEarned, 0, MerchantId: "m1", PurchaseId: "p1"));
        await EnqueueAsync(app, new Notification(NewId("refund"), customer.CustomerId, NotificationKind.PointsClawedBack));
        await EnqueueAsync(app, new Notification(NewId("broadcast"), customer.CustomerId, NotificationKind.Broadcast, Text: "The last one"));

        await MessageToAsync(app, user, "The last one");
        await WhenQueueIsEmptyAsync(app);
        Assert.Single(MessagesTo(app, user));
    }

    [Fact]
    public async Task AMessageThatIsNoNotificationEndsInThePoisonQueueAndSendsNothing()
    {
        var before = app.Telegram.CallsOf("sendMessage").Count;

        await Queue(app).SendMessageAsync("{\"greeting\": \"not a notification\"}");

        var poison = app.Storage.Queue(QueueNames.Notifications + StorageAccount.PoisonSuffix);
        await FunctionsHarness.EventuallyAsync(async () => (await poison.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString().Contains("not a notification", StringComparison.Ordinal)),
            "the message is in the poison queue");
        Assert.Equal(before, app.Telegram.CallsOf("sendMessage").Count);
    }

    [Fact]
    public async Task MessagesToOneChatGoOneAtATimeAtLeastASecondApart()
    {
        var (user, customer) = await RegisterAsync(app, "en");

        foreach (var text in new[] { "First news", "Second news", "Third news" })
        {
            await EnqueueAsync(app, new Notification(NewId("broadcast"), customer.CustomerId, NotificationKind.Broadcast, Text: text));
        }

        await FunctionsHarness.EventuallyAsync(() => Task.FromResult(MessagesTo(app, user).Count == 3), "three messages reached the chat");
        var times = MessagesTo(app, user).Select(c => c.At).Order().ToList();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(0.99),
            $"two messages to one chat {(pair.Second - pair.First).TotalMilliseconds} ms apart"));
        Assert.Equal(["First news", "Second news", "Third news"], MessagesTo(app, user).Select(c => c.Text!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task APurchaseThroughTheMerchantWebhookReachesTheCustomersChatOnce()
    {
        var (user, customer) = await RegisterAsync(app, "ru");
        var till = await MerchantClient.CreateAsync(app, "Пекарня");
        var purchase = MerchantClient.Purchase("", amount: 1000m);
        purchase.Remove("phone");
        purchase["telegramUserId"] = user.Id;

        using var response = await till.PostAsync("purchases", purchase);
        using var replay = await till.PostAsync("purchases", purchase);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var sent = await MessageToAsync(app, user, "Начислено 30 баллов за покупку в «Пекарня»");
        Assert.Contains("На счёте 30 баллов.", sent.Text, StringComparison.Ordinal);
        Assert.Equal(5, InlineButtons(sent).Count);
        await WhenQueueIsEmptyAsync(app);
        Assert.Single(MessagesTo(app, user));
        Assert.Equal(LedgerEntryKind.Earn, Assert.Single(await Ledger.ReadEntriesAsync(customer.CustomerId, null, default)).Kind);
    }
}
