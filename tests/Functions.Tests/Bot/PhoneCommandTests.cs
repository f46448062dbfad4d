using System.Net;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.TelegramDouble;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary><c>/phone</c> through the webhook: the contact button, whose contact is accepted, and the merge of earlier purchases.</summary>
public sealed class PhoneCommandTests(BotApp app) : IClassFixture<BotApp>
{
    private CustomerDirectory Directory => app.Services.GetRequiredService<CustomerDirectory>();

    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    [Fact]
    public async Task PhoneAsksForTheNumberWithAButtonThatSharesTheContact()
    {
        var user = await app.StartedUserAsync("en");

        await app.SendAsync(user.Text("📱 Phone"));

        var ask = app.Telegram.LastReply(user);
        Assert.Contains("Press «📱 Send my number» below", ask.Text, StringComparison.Ordinal);
        Assert.Equal(["📱 Send my number", "Cancel"], ask.ButtonTexts());
        Assert.True(ask.Buttons()[0]["request_contact"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TheSendersOwnContactIsBoundAndTheMainMenuReplacesTheContactButton()
    {
        var user = await app.StartedUserAsync("ru");
        var phone = MerchantClient.NewPhone();
        await app.SendAsync(user.Text("/phone"));

        await app.SendAsync(user.Contact(phone.TrimStart('+')));

        var account = (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!;
        Assert.Equal(phone, account.Profile.Phone);
        Assert.Equal(account.CustomerId, await Directory.FindAsync(LookupKey.Phone(PhoneNumber.Parse(phone).Value), default));
        var done = app.Telegram.LastReply(user);
        Assert.Equal($"Готово: номер {phone} привязан к вашей карте.", done.Text);
        Assert.Contains("📱 Телефон", done.ButtonTexts());
        Assert.DoesNotContain(done.Buttons(), b => b["request_contact"] is not null);
    }

    [Fact]
    public async Task SomeoneElsesContactOrOneWithoutAUserIsRefusedAndNothingIsBound()
    {
        var user = await app.StartedUserAsync("en");
        var phone = MerchantClient.NewPhone();
        var fromAddressBook = user.Contact(phone);
        fromAddressBook["message"]!["contact"]!.AsObject().Remove("user_id");

        await app.SendAsync(user.Contact(phone, contactUserId: user.Id + 1));
        await app.SendAsync(fromAddressBook);

        var replies = app.Telegram.Replies(user).TakeLast(2).ToList();
        Assert.All(replies, r => Assert.Equal("That is someone else's contact. Please send your own number with the «📱 Send my number» button below.", r.Text));
        Assert.All(replies, r => Assert.Contains("request_contact", r.Parameter("reply_markup"), StringComparison.Ordinal));
        Assert.Null((await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!.Profile.Phone);
        Assert.Null(await Directory.FindAsync(LookupKey.Phone(PhoneNumber.Parse(phone).Value), default));
    }

    [Fact]
    public async Task ANumberBoundToAnotherCustomerIsRefusedAndStaysTheirs()
    {
        var holder = await app.StartedUserAsync("ru");
        var user = await app.StartedUserAsync("ru");
        var phone = MerchantClient.NewPhone();
        await app.SendAsync(holder.Contact(phone));

        await app.SendAsync(user.Contact(phone));

        Assert.Equal("Этот номер уже привязан к другому участнику программы. Если это ошибка, обратитесь к организатору программы.", app.Telegram.LastReply(user).Text);
        var holderId = (await Directory.FindAsync(LookupKey.Telegram(holder.Id), default))!;
        Assert.Equal(holderId, await Directory.FindAsync(LookupKey.Phone(PhoneNumber.Parse(phone).Value), default));
        Assert.Null((await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!.Profile.Phone);
    }

    [Fact]
    public async Task PointsOfPurchasesMadeWithThePhoneBeforeComeAlongAndALaterRefundClawsBackFromTheCustomer()
    {
        var till = await MerchantClient.CreateAsync(app);
        var phone = MerchantClient.NewPhone();
        var purchase = MerchantClient.Purchase(phone, amount: 1000m);
        using (var purchased = await till.PostAsync("purchases", purchase))
        {
            Assert.Equal(HttpStatusCode.Accepted, purchased.StatusCode);
        }

        var phoneAccount = await FunctionsHarness.EventuallyAsync(async () => await Directory.FindAccountAsync(LookupKey.Phone(PhoneNumber.Parse(phone).Value), default) is { Balance: 30 } a ? a : null,
            "the phone's account holds the purchase's 30 points");
        var user = await app.StartedUserAsync("ru");

        await app.SendAsync(user.Contact(phone));

        Assert.Equal($"Готово: номер {phone} привязан к вашей карте. 30 баллов за прежние покупки теперь ваши.", app.Telegram.LastReply(user).Text);
        var customer = (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!;
        Assert.Equal((130L, phoneAccount.CustomerId), (customer.Balance, customer.Profile.MergedFrom));
        Assert.Equal(customer.CustomerId, await Directory.FindAsync(LookupKey.Phone(PhoneNumber.Parse(phone).Value), default));
        Assert.Equal(0, (await Ledger.GetAccountAsync(phoneAccount.CustomerId, default))!.Balance);

        using (var refunded = await till.PostAsync("refunds", new { refundId = MerchantClient.NewId("r"), purchaseId = purchase["purchaseId"], amount = 500m }))
        {
            Assert.Equal(HttpStatusCode.Accepted, refunded.StatusCode);
        }

        var refund = await FunctionsHarness.EventuallyAsync(async () => (await Ledger.ReadEntriesAsync(customer.CustomerId, null, default)).FirstOrDefault(e => e.Kind == LedgerEntryKind.Refund),
            "the refund is on the ledger");
        Assert.Equal(-15, refund.Delta);
        var after = (await Ledger.GetAccountAsync(customer.CustomerId, default))!;
        Assert.Equal(115, after.Balance);
        Assert.Equal(after.Balance, (await Ledger.ReadEntriesAsync(customer.CustomerId, null, default)).Sum(e => e.Delta));
        Assert.Equal(0, (await Ledger.GetAccountAsync(phoneAccount.CustomerId, default))!.Balance);
    }

    [Fact]
    public async Task AContactUpdateDeliveredAgainIsAppliedOnceEvenWhenTheFirstReplyFailed()
    {
        var phone = MerchantClient.NewPhone();
        var directory = Directory;
        var phoneAccount = (await Ledger.GetAccountAsync(await directory.FindOrOpenIdByPhoneAsync(PhoneNumber.Parse(phone).Value, Domain.Rules.ProgramRules.Default, default), default))!;
        await Ledger.GrantBonusAsync(phoneAccount.CustomerId, OperationKey.Of("test", phoneAccount.CustomerId), 40, "test", Domain.Rules.ProgramRules.Default, default);
        var user = await app.StartedUserAsync("en");
        var contact = user.Contact(phone);
        app.Telegram.FailWith = call => call.ChatId == user.Id && call.Method == "sendMessage" ? new BotApiFailure(500, "Internal Server Error") : null;

        using (var failed = await app.PostUpdateAsync(contact))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        app.Telegram.FailWith = null;
        await app.SendAsync(contact);
        await app.SendAsync(contact);

        var answer = Assert.Single(app.Telegram.Replies(user), r => r.Text!.Contains(phone, StringComparison.Ordinal));
        Assert.Equal($"{phone} is already bound to your card, and the 40 points from earlier purchases are already yours.", answer.Text);
        var customer = (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!;
        Assert.Equal(140, customer.Balance);
        Assert.Single(await Ledger.ReadEntriesAsync(customer.CustomerId, null, default), e => e.Kind == LedgerEntryKind.TransferIn);
    }

    [Fact]
    public async Task TypingInsteadOfPressingTheButtonShowsTheButtonAgainAndCancelBringsBackTheMenu()
    {
        var user = await app.StartedUserAsync("ru");
        await app.SendAsync(user.Text("/phone"));

        await app.SendAsync(user.Text("+7 912 345-67-89"));
        var again = app.Telegram.LastReply(user);
        await app.SendAsync(user.Text("Отмена"));
        var cancelled = app.Telegram.LastReply(user);
        await app.SendAsync(user.Text("Отмена"));

        Assert.StartsWith("Номер принимается только кнопкой", again.Text, StringComparison.Ordinal);
        Assert.Contains("request_contact", again.Parameter("reply_markup"), StringComparison.Ordinal);
        Assert.Equal("Хорошо, номер не привязываю.", cancelled.Text);
        Assert.Contains("📱 Телефон", cancelled.ButtonTexts());
        Assert.StartsWith("Не понял сообщение", app.Telegram.LastReply(user).Text, StringComparison.Ordinal);
        Assert.Null((await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!.Profile.Phone);
    }

    [Fact]
    public async Task PhoneWhenOneIsBoundSaysWhichAndThatTheOwnerChangesIt()
    {
        var user = await app.StartedUserAsync("en");
        var phone = MerchantClient.NewPhone();
        await app.SendAsync(user.Contact(phone));

        await app.SendAsync(user.Text("/phone"));

        Assert.Equal($"Your card has the number {phone}. To change it, please contact the program owner.", app.Telegram.LastReply(user).Text);
    }

    [Fact]
    public async Task AContactFromSomeoneWhoHasNotStartedAsksForStart()
    {
        var user = TelegramUser.NewRandom(languageCode: "en");

        await app.SendAsync(user.Contact(MerchantClient.NewPhone()));

        Assert.StartsWith("To use the loyalty program, press /start", app.Telegram.LastReply(user).Text, StringComparison.Ordinal);
        Assert.Null(await Directory.FindAsync(LookupKey.Telegram(user.Id), default));
    }
}
