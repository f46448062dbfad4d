using Azure.Data.Tables;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.TelegramDouble;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary><c>/deletedata</c> through the webhook: confirmation by signed buttons, what is erased and what the ledger keeps.</summary>
public sealed class DeleteDataCommandTests(BotApp app) : IClassFixture<BotApp>
{
    private CustomerDirectory Directory => app.Services.GetRequiredService<CustomerDirectory>();

    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    [Fact]
    public async Task DeleteDataAsksFirstWithSignedButtons()
    {
        var user = await app.StartedUserAsync("en");

        await app.SendAsync(user.Text("/deletedata"));

        var question = app.Telegram.LastReply(user);
        Assert.StartsWith("Erase your personal data? Your name, phone, birthday and the link to this chat will be erased", question.Text, StringComparison.Ordinal);
        Assert.Contains("100 points will stop working", question.Text, StringComparison.Ordinal);
        Assert.Equal(["Yes, erase", "Cancel"], question.ButtonTexts());
        Assert.All(question.Buttons(), b => Assert.StartsWith("erase:", b["callback_data"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.NotNull(await Directory.FindAsync(LookupKey.Telegram(user.Id), default));
    }

    [Fact]
    public async Task ConfirmingErasesThePersonalDataAndKeepsTheAnonymousLedger()
    {
        var user = await app.StartedUserAsync("ru");
        var phone = MerchantClient.NewPhone();
        await app.SendAsync(user.Contact(phone));
        await app.SendAsync(user.Text("/birthday"));
        await app.SendAsync(user.Text("31.12"));
        await app.Services.GetRequiredService<PendingInputs>().SetAsync(user.Id, "feedback", "p-1", default);
        var before = (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!;
        var entries = await Ledger.ReadEntriesAsync(before.CustomerId, null, default);
        await app.SendAsync(user.Text("/deletedata"));

        await app.SendAsync(user.Callback(YesData(app.Telegram.LastReply(user))));

        Assert.Equal("Готово: ваши личные данные удалены. Захотите вернуться — нажмите /start, начнём с чистого листа.", app.Telegram.LastReply(user).Text);
        Assert.Contains("remove_keyboard", app.Telegram.LastReply(user).Parameter("reply_markup"), StringComparison.Ordinal);
        Assert.Contains(app.Telegram.CallsOf("editMessageReplyMarkup"), c => c.ChatId == user.Id);
        Assert.Null(await Directory.FindAsync(LookupKey.Telegram(user.Id), default));
        Assert.Null(await Directory.FindAsync(LookupKey.Phone(PhoneNumber.Parse(phone).Value), default));
        Assert.Null(await Directory.FindAsync(LookupKey.Card(CardNumber.Parse(before.Profile.CardNumber).Value), default));
        Assert.Null(await Directory.FindAsync(LookupKey.Invite(before.Profile.InviteCode), default));
        Assert.False((await app.Storage.Table(TableNames.BirthdayIndex).GetEntityIfExistsAsync<TableEntity>("1231", before.CustomerId)).HasValue);
        Assert.Null(await app.Services.GetRequiredService<PendingInputs>().GetAsync(user.Id, default));
        var after = (await Ledger.GetAccountAsync(before.CustomerId, default))!;
        Assert.Equal(new CustomerProfile { CardNumber = "", InviteCode = "", Language = "ru", Unreachable = true, ErasedAt = after.Profile.ErasedAt }, after.Profile);
        Assert.NotNull(after.Profile.ErasedAt);
        Assert.Equal((before.Balance, before.Totals, before.Lots.Count), (after.Balance, after.Totals, after.Lots.Count));
        Assert.Equal(entries, await Ledger.ReadEntriesAsync(before.CustomerId, null, default));
    }

    [Fact]
    public async Task AfterwardsEveryCommandAsksForStartWhichBeginsAfresh()
    {
        var user = await app.StartedUserAsync("en");
        var before = (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!;
        await app.SendAsync(user.Text("/deletedata"));
        await app.SendAsync(user.Callback(YesData(app.Telegram.LastReply(user))));

        await app.SendAsync(user.Text("/phone"));
        var phone = app.Telegram.LastReply(user);
        await app.SendAsync(user.Text("/start"));

        Assert.StartsWith("To use the loyalty program, press /start", phone.Text, StringComparison.Ordinal);
        Assert.StartsWith("Hello, Anna! You have joined the loyalty program", app.Telegram.LastReply(user).Text, StringComparison.Ordinal);
        var fresh = (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!;
        Assert.NotEqual(before.CustomerId, fresh.CustomerId);
        Assert.NotEqual(before.Profile.CardNumber, fresh.Profile.CardNumber);
    }

    [Fact]
    public async Task StartingAgainAfterErasureGrantsNoSecondWelcomeBonusAndKeepsOnlyAHash()
    {
        var user = await app.StartedUserAsync("en");
        var first = await app.AccountAsync(user);
        await EraseAsync(user);

        await app.SendAsync(user.Text("/start"));
        var second = await app.AccountAsync(user);
        await app.SendAsync(user.Text("/start"));
        await EraseAsync(user);
        await app.SendAsync(user.Text("/start"));
        var third = await app.AccountAsync(user);

        Assert.Equal(100, first.Balance);
        Assert.Equal(3, new[] { first.CustomerId, second.CustomerId, third.CustomerId }.Distinct().Count());
        var replies = app.Telegram.Replies(user).Where(r => !r.Text!.StartsWith("Erase your", StringComparison.Ordinal) && !r.Text.StartsWith("Done:", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [$"Hello, Anna! You have joined the loyalty program. Your card number: {CardNumber.Grouped(second.Profile.CardNumber)}. Pick an action below.",
             "Welcome back, Anna! You have 0 points. Pick an action below.",
             $"Hello, Anna! You have joined the loyalty program. Your card number: {CardNumber.Grouped(third.Profile.CardNumber)}. Pick an action below."],
            replies.Skip(1).Select(r => r.Text!.Split("\n\n")[0]));
        foreach (var customerId in new[] { second.CustomerId, third.CustomerId })
        {
            Assert.Equal(0, (await Ledger.GetAccountAsync(customerId, default))!.Balance);
            Assert.Empty(await app.LedgerAsync(customerId));
        }

        await app.AssertBalancedAsync(first.CustomerId);
        // What outlives the erasure names neither the Telegram user nor the erased account.
        var lookup = await app.Storage.Table(TableNames.Lookup).QueryAsync<TableEntity>().ToListAsync();
        var userId = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain(lookup, r => r.PartitionKey.Contains(userId, StringComparison.Ordinal) && r.PartitionKey != $"tg-{userId}");
        Assert.DoesNotContain(lookup, r => r.Any(p => Equals(p.Value, first.CustomerId) || Equals(p.Value, second.CustomerId) || Equals(p.Value, user.Id)));
    }

    [Fact]
    public async Task CancellingErasesNothing()
    {
        var user = await app.StartedUserAsync("en");
        var before = (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!;
        await app.SendAsync(user.Text("/deletedata"));
        var question = app.Telegram.LastReply(user);

        await app.SendAsync(user.Callback(question.Buttons()[1]["callback_data"]!.GetValue<string>()));

        Assert.Equal("OK, nothing was erased.", app.Telegram.LastReply(user).Text);
        Assert.Null(app.Telegram.CallsOf("answerCallbackQuery")[^1].Parameter("text"));
        Assert.Equal(before.Profile, (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!.Profile);
    }

    [Fact]
    public async Task AForgedButtonOrOneMadeForAnotherCustomerIsStaleAndErasesNothing()
    {
        var user = await app.StartedUserAsync("en");
        var other = await app.StartedUserAsync("en");
        var otherId = (await Directory.FindAsync(LookupKey.Telegram(other.Id), default))!;
        var before = (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!;
        await app.SendAsync(user.Text("/deletedata"));
        var genuine = YesData(app.Telegram.LastReply(user));
        var signedForOther = app.Services.GetRequiredService<CallbackData>().Create("erase", "y-" + otherId);

        await app.SendAsync(user.Callback(genuine[..genuine.LastIndexOf(':')] + ":AAAAAAAAAA"));
        await app.SendAsync(user.Callback("erase:y-" + before.CustomerId));
        await app.SendAsync(user.Callback(signedForOther));

        var answers = app.Telegram.CallsOf("answerCallbackQuery").TakeLast(3).ToList();
        Assert.All(answers, a => Assert.Equal("This button is out of date. Please open the menu again.", a.Parameter("text")));
        Assert.Equal(before.Profile, (await Ledger.GetAccountAsync(before.CustomerId, default))!.Profile);
        Assert.Equal(otherId, await Directory.FindAsync(LookupKey.Telegram(other.Id), default));
        Assert.Equal(before.CustomerId, await Directory.FindAsync(LookupKey.Telegram(user.Id), default));
    }

    [Fact]
    public async Task PressingYesAgainChangesNothingMore()
    {
        var user = await app.StartedUserAsync("en");
        var customerId = (await Directory.FindAsync(LookupKey.Telegram(user.Id), default))!;
        await app.SendAsync(user.Text("/deletedata"));
        var yes = YesData(app.Telegram.LastReply(user));
        await app.SendAsync(user.Callback(yes));
        var erased = (await Ledger.GetAccountAsync(customerId, default))!;

        await app.SendAsync(user.Callback(yes));

        Assert.Equal("This button is out of date. Please open the menu again.", app.Telegram.CallsOf("answerCallbackQuery")[^1].Parameter("text"));
        Assert.Equal(erased.Profile, (await Ledger.GetAccountAsync(customerId, default))!.Profile);
        Assert.Single(app.Telegram.Replies(user), r => r.Text!.StartsWith("Done: your personal data has been erased.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThePhoneAccountOfEarlierPurchasesIsErasedWithTheCustomer()
    {
        var phone = MerchantClient.NewPhone();
        var phoneAccount = (await Ledger.GetAccountAsync(await Directory.FindOrOpenIdByPhoneAsync(PhoneNumber.Parse(phone).Value, Domain.Rules.ProgramRules.Default, default), default))!;
        await Ledger.GrantBonusAsync(phoneAccount.CustomerId, OperationKey.Of("test", phoneAccount.CustomerId), 40, "test", Domain.Rules.ProgramRules.Default, default);
        var user = await app.StartedUserAsync("en");
        await app.SendAsync(user.Contact(phone));
        await app.SendAsync(user.Text("/deletedata"));

        await app.SendAsync(user.Callback(YesData(app.Telegram.LastReply(user))));

        var merged = (await Ledger.GetAccountAsync(phoneAccount.CustomerId, default))!;
        Assert.Null(merged.Profile.Phone);
        Assert.NotNull(merged.Profile.MergedInto);
        Assert.Null(await Directory.FindAsync(LookupKey.Card(CardNumber.Parse(phoneAccount.Profile.CardNumber).Value), default));
        Assert.Null(await Directory.FindAsync(LookupKey.Phone(PhoneNumber.Parse(phone).Value), default));
    }

    private async Task EraseAsync(TelegramUser user)
    {
        await app.SendAsync(user.Text("/deletedata"));
        await app.SendAsync(user.Callback(YesData(app.Telegram.LastReply(user))));
    }

    private static string YesData(BotApiCall question) => question.Buttons()[0]["callback_data"]!.GetValue<string>();
}
