using Azure.Data.Tables;
using Azure;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Storage;
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
        Assert.Contains(CardNumber.Grouped(account.Profile.CardNumber), reply.Text, StringComparison.Ordinal);
        Assert.Contains("keyboard", reply.Parameter("reply_markup"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWelcomeAndHelpExplainTheProgramInTwoLinesAndSuggestBindingThePhoneUntilItIsBound()
    {
        var user = TelegramUser.NewRandom("Mary", "en");
        const string HowItWorks = "💳 At the till, show your card (/card) or give your phone number: your purchases earn points.\n"
            + "💰 1 point = 1 ₽ off: points can pay up to 30% of a purchase (/pay).";
        const string BindPhone = "📱 Bind your phone (/phone) and the cashier finds you by your number.";

        var welcome = await app.ReplyAsync(user, user.Text("/start"));
        var help = await app.ReplyAsync(user, user.Text("/help"));
        var account = (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!;
        await Ledger.UpdateProfileAsync(account.CustomerId, p => p with { Phone = MerchantClient.NewPhone() }, default);
        var helpWithPhone = await app.ReplyAsync(user, user.Text("/help"));

        Assert.Matches(@"^Hello, Mary! .* Your card number: \d{4} \d{4} \d{4}\. Pick an action below\.\n\n", welcome.Text);
        Assert.EndsWith($"\n\n{HowItWorks}\n{BindPhone}", welcome.Text, StringComparison.Ordinal);
        Assert.StartsWith($"{HowItWorks}\n{BindPhone}\n\nHere is what I can do:", help.Text, StringComparison.Ordinal);
        Assert.StartsWith($"{HowItWorks}\n\nHere is what I can do:", helpWithPhone.Text, StringComparison.Ordinal);
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

    [Fact]
    public async Task AStartCutShortBeforeTheWelcomeBonusGrantsItOnTheNextStartOnce()
    {
        var user = TelegramUser.NewRandom("John", "en");
        var registered = await RegisteredWithoutBonusAsync(user);

        await app.SendAsync(user.Text("/start"));
        await app.SendAsync(user.Text("/start"));

        var account = await app.AccountAsync(user);
        Assert.Equal(registered.CustomerId, account.CustomerId);
        Assert.Equal(100, account.Balance);
        var replies = app.Telegram.Replies(user);
        Assert.Equal(2, replies.Count);
        Assert.StartsWith("Hello, John! You have joined the loyalty program and got 100 welcome points.", replies[0].Text, StringComparison.Ordinal);
        Assert.Contains(CardNumber.Grouped(account.Profile.CardNumber), replies[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("Welcome back, John! You have 100 points", replies[1].Text, StringComparison.Ordinal);
        Assert.Single(await app.LedgerAsync(account.CustomerId));
        await app.AssertBalancedAsync(account.CustomerId);
    }

    [Fact]
    public async Task ACustomerOlderThanADayWithoutAWelcomeBonusGetsNoneLater()
    {
        var user = TelegramUser.NewRandom("John", "en");
        var registered = await RegisteredWithoutBonusAsync(user);
        await BackdateAsync(registered.CustomerId);

        await app.SendAsync(user.Text("/start"));

        Assert.StartsWith("Welcome back, John! You have 0 points", app.Telegram.LastReply(user).Text, StringComparison.Ordinal);
        Assert.Equal(0, (await app.AccountAsync(user)).Balance);
        Assert.Empty(await app.LedgerAsync(registered.CustomerId));
    }

    [Fact]
    public async Task TheWelcomeBonusCostsAFirstStartOneLookupReadAndAStartAfterItsFirstDayNothing()
    {
        var counter = app.Services.GetRequiredService<StorageRequestCounter>();
        var user = TelegramUser.NewRandom("John", "en");
        // The rules are cached: read them now so that the count holds only what /start itself does.
        await app.Services.GetRequiredService<ProgramStore>().GetAsync(default);
        counter.Reset();

        await app.SendAsync(user.Text("/start"));
        var first = TableRequests(counter);
        await BackdateAsync((await app.AccountAsync(user)).CustomerId);
        counter.Reset();
        await app.SendAsync(user.Text("/start"));
        var later = TableRequests(counter);

        // The update claimed and marked done; the tg- row (not there yet), then the welcomed- row; card and invite claims; the name's search rows (one a word: "John Petrova"); the account; the bonus; the reply's read;
        // the KPI delta of the new member and the bonus's filing of the member under the KPI day, a blind write each.
        Assert.Equal(
            new Dictionary<string, long>
            {
                ["table POST TelegramUpdates"] = 1, ["table PATCH TelegramUpdates"] = 1, ["table GET Lookup"] = 2, ["table POST Lookup"] = 3, ["table POST Customers"] = 1,
                ["table GET Customers"] = 2, ["table PUT ExpiryIndex"] = 1, ["table POST $batch"] = 1 + 2, ["table PUT CustomerNames"] = 2,
            },
            first);
        Assert.Equal(new Dictionary<string, long> { ["table POST TelegramUpdates"] = 1, ["table PATCH TelegramUpdates"] = 1, ["table GET Lookup"] = 1, ["table GET Customers"] = 1 }, later);
    }

    /// <summary>What a first <c>/start</c> cut short after the registration and before the welcome bonus leaves behind.</summary>
    private async Task<CustomerAccount> RegisteredWithoutBonusAsync(TelegramUser user)
    {
        var rules = await app.Services.GetRequiredService<ProgramStore>().GetAsync(default);
        return (await Directory.RegisterAsync(new NewCustomer(user.Id, null, "John", "en", user.Id), rules, default)).Value;
    }

    private static Dictionary<string, long> TableRequests(StorageRequestCounter counter) =>
        StorageRequestCounter.ByResource(counter.Counts().Where(c => c.Kind.StartsWith("table", StringComparison.Ordinal))).ToDictionary();

    /// <summary>Makes the account two days old.</summary>
    private async Task BackdateAsync(string customerId) => await app.Storage.Table(TableNames.Customers).UpdateEntityAsync(
        new TableEntity(customerId, "account") { ["CreatedAt"] = DateTimeOffset.UtcNow.AddDays(-2) }, ETag.All, TableUpdateMode.Merge);
}
