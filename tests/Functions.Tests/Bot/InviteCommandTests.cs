using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.TelegramDouble;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

public sealed class InviteCommandTests(BotApp app) : IClassFixture<BotApp>
{
    [Fact]
    public async Task TheInviteGivesTheDeepLinkAShareButtonTheRewardsAndTheCountsInRussian()
    {
        var user = TelegramUser.NewRandom("Anna", "ru");
        var customer = await app.StartAsync(user);
        var link = $"https://t.me/{BotApiDouble.BotUsername}?start=ref_{customer.Profile.InviteCode}";

        var reply = await app.ReplyAsync(user, user.Text("👥 Пригласить"));

        Assert.Equal(
            "👥 Приглашайте друзей! Когда друг по вашей ссылке впервые совершит покупку, вы получите 200 баллов, а друг — 100 баллов.\n\n" +
            $"Ваша ссылка:\n{link}\n\n" +
            "Друзей присоединилось: 0\nСовершили первую покупку: 0\nВы получили за приглашения: 0 баллов",
            reply.Text);
        var share = Assert.Single(reply.InlineButtons());
        Assert.Equal("📤 Поделиться ссылкой", share.Text);
        Assert.Equal($"https://t.me/share/url?url={Uri.EscapeDataString(link)}&text={Uri.EscapeDataString("Присоединяйтесь к нашей программе лояльности — и получите 100 баллов за первую покупку!")}", share.Url);
        Assert.Contains("\"is_disabled\":true", reply.Parameter("link_preview_options"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FriendsWhoJoinByTheLinkAndBuyAreCountedOnceWithWhatTheyEarnedInEnglish()
    {
        var referrer = TelegramUser.NewRandom("John", "en");
        var code = (await app.StartAsync(referrer)).Profile.InviteCode;
        var buyer = TelegramUser.NewRandom("Pavel", "ru");
        var browser = TelegramUser.NewRandom("Nina", "ru");
        await app.StartAsync(buyer, $"ref_{code}");
        await app.StartAsync(browser, $"ref_{code}");
        await app.SendAsync(browser.Text($"/start ref_{code}")); // Pressing the link again counts nothing more.
        var accrual = app.Services.GetRequiredService<PurchaseAccrual>();
        var purchase = new PurchaseMessage("m1", Guid.NewGuid().ToString("N"), null, null, buyer.Id, 1_000m, "RUB", DateTimeOffset.UtcNow.AddMinutes(-1), [], 0);
        await accrual.ApplyAsync(purchase, default);
        await accrual.ApplyAsync(purchase, default); // Delivered twice.
        await accrual.ApplyAsync(purchase with { PurchaseId = Guid.NewGuid().ToString("N") }, default);
        // The referrer's reward notification is sent by the queue function meanwhile: let it arrive before asking.
        await app.Telegram.WaitForAsync(c => c.ChatId == referrer.Id && c.Text?.Contains("made their first purchase", StringComparison.Ordinal) == true);

        var reply = await app.ReplyAsync(referrer, referrer.Text("/invite"));

        Assert.StartsWith("👥 Invite your friends! When a friend who joined by your link makes a first purchase, you get 200 points and your friend gets 100 points.", reply.Text, StringComparison.Ordinal);
        Assert.EndsWith("Friends joined: 2\nMade a first purchase: 1\nYou earned for invitations: 200 points", reply.Text, StringComparison.Ordinal);
        Assert.Equal("📤 Share the link", Assert.Single(reply.InlineButtons()).Text);
    }

    [Fact]
    public async Task AFriendWhoseRegistrationWasCutShortIsCountedWhenTelegramSendsTheStartAgain()
    {
        var referrer = TelegramUser.NewRandom("Oleg", "ru");
        var referrerAccount = await app.StartAsync(referrer);
        var friend = TelegramUser.NewRandom("Lena", "ru");
        // As if /start ref_… had recorded the referrer and then failed before counting the friend.
        var registered = await app.Services.GetRequiredService<CustomerDirectory>().RegisterAsync(new NewCustomer(friend.Id, null, "Lena", "ru", friend.Id), ProgramRules.Default, default);
        await app.Services.GetRequiredService<LedgerStore>().UpdateProfileAsync(registered.Value.CustomerId, p => p with { ReferredBy = referrerAccount.CustomerId }, default);

        await app.SendAsync(friend.Text($"/start ref_{referrerAccount.Profile.InviteCode}"));
        await app.SendAsync(friend.Text($"/start ref_{referrerAccount.Profile.InviteCode}"));

        Assert.Equal(1, (await app.Services.GetRequiredService<ReferralStore>().GetAsync(referrerAccount.CustomerId, default)).Joined);
    }

    [Fact]
    public async Task TheBotsUsernameIsAskedOfTelegramOnce()
    {
        var first = TelegramUser.NewRandom("Oleg", "ru");
        var second = TelegramUser.NewRandom("Olga", "en");
        await app.StartAsync(first);
        await app.StartAsync(second);

        await app.SendAsync(first.Text("/invite"));
        await app.SendAsync(second.Text("/invite"));
        await app.SendAsync(first.Text("/invite"));

        Assert.Single(app.Telegram.CallsOf("getMe"));
    }
}
