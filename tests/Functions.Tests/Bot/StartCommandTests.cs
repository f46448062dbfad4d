using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

public sealed class StartCommandTests(BotApp app) : IClassFixture<BotApp>
{
    private CustomerDirectory Directory => app.Services.GetRequiredService<CustomerDirectory>();

    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    [Fact]
    public async Task StartRegistersTheCustomerGrantsTheWelcomeBonusAndShowsTheMenuInTheirLanguage()
    {
        var user = TelegramUser.NewRandom("Anna", "ru");

        await app.SendAsync(user.Text("/start"));

        var account = await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default);
        Assert.NotNull(account);
        Assert.Equal("Anna Petrova", account.Profile.Name);
        Assert.Equal("ru", account.Profile.Language);
        Assert.Equal(user.Id, account.Profile.ChatId);
        Assert.Equal(100, account.Balance);
        var reply = Assert.Single(app.Telegram.CallsOf("sendMessage"), c => c.ChatId == user.Id);
        Assert.Contains("Здравствуйте, Anna", reply.Text, StringComparison.Ordinal);
        Assert.Contains("100", reply.Text, StringComparison.Ordinal);
        Assert.Contains(account.Profile.CardNumber, reply.Text, StringComparison.Ordinal);
        Assert.Contains("keyboard", reply.Parameter("reply_markup"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartingAgainWelcomesBackWithoutASecondBonus()
    {
        var user = TelegramUser.NewRandom("John", "en");

        await app.SendAsync(user.Text("/start"));
        await app.SendAsync(user.Text("/start"));

        var account = await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default);
        Assert.Equal(100, account!.Balance);
        var replies = app.Telegram.CallsOf("sendMessage").Where(c => c.ChatId == user.Id).ToList();
        Assert.Equal(2, replies.Count);
        Assert.Contains("Welcome back, John! You have 100 points", replies[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInviteLinkRecordsTheReferrerOnlyForANewCustomerAndNeverOneself()
    {
        var referrer = TelegramUser.NewRandom("Olga");
        await app.SendAsync(referrer.Text("/start"));
        var referrerAccount = (await Directory.FindAccountAsync(LookupKey.Telegram(referrer.Id), default))!;
        var link = $"/start ref_{referrerAccount.Profile.InviteCode}";
        var friend = TelegramUser.NewRandom("Pavel");
        var existing = TelegramUser.NewRandom("Ivan");
        await app.SendAsync(existing.Text("/start"));

        await app.SendAsync(friend.Text(link));
        await app.SendAsync(existing.Text(link));
        await app.SendAsync(referrer.Text(link));

        Assert.Equal(referrerAccount.CustomerId, (await Directory.FindAccountAsync(LookupKey.Telegram(friend.Id), default))!.Profile.ReferredBy);
        Assert.Null((await Directory.FindAccountAsync(LookupKey.Telegram(existing.Id), default))!.Profile.ReferredBy);
        Assert.Null((await Directory.FindAccountAsync(LookupKey.Telegram(referrer.Id), default))!.Profile.ReferredBy);
    }

    [Fact]
    public async Task AnUnknownInviteCodeStillRegistersWithoutAReferrer()
    {
        var user = TelegramUser.NewRandom();

        await app.SendAsync(user.Text("/start ref_NOSUCHCODE"));

        var account = await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default);
        Assert.NotNull(account);
        Assert.Null(account.Profile.ReferredBy);
        var welcome = Assert.Single(await Ledger.ReadEntriesAsync(account.CustomerId, null, default));
        Assert.Equal(LedgerEntryKind.Bonus, welcome.Kind);
    }
}
