using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>Phone, birthday and data erasure with updates taken by long polling.</summary>
public sealed class ProfilePollingTests(PollingBotApp app) : IClassFixture<PollingBotApp>
{
    private CustomerDirectory Directory => app.Services.GetRequiredService<CustomerDirectory>();

    [Fact]
    public async Task TheOwnContactIsBoundOverLongPolling()
    {
        var user = await StartedAsync();
        var phone = MerchantClient.NewPhone();

        app.Telegram.QueueUpdate(user.Contact(phone));

        await ReplyAsync(user, $"Done: {phone} is now bound to your card.");
        Assert.Equal(phone, (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!.Profile.Phone);
    }

    [Fact]
    public async Task ABirthdayIsRefusedWhenImpossibleAndSavedWhenRightOverLongPolling()
    {
        var user = await StartedAsync();

        app.Telegram.QueueUpdate(user.Text("/birthday"));
        await ReplyAsync(user, "Send me your birthday");
        app.Telegram.QueueUpdate(user.Text("31.02"));
        await ReplyAsync(user, "There is no such date.");
        app.Telegram.QueueUpdate(user.Text("31/12/1990"));
        await ReplyAsync(user, "Saved: 31 December 1990.");

        var profile = (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!.Profile;
        Assert.Equal((31, 12, 1990), (profile.BirthDay, profile.BirthMonth, profile.BirthYear));
    }

    [Fact]
    public async Task ConfirmedErasureOverLongPollingLeavesNoWayBackToTheAccount()
    {
        var user = await StartedAsync();
        var customer = (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!;
        app.Telegram.QueueUpdate(user.Text("/deletedata"));
        var question = await ReplyAsync(user, "Erase your personal data?");

        app.Telegram.QueueUpdate(user.Callback(question.Buttons()[0]["callback_data"]!.GetValue<string>()));

        await ReplyAsync(user, "Done: your personal data has been erased.");
        Assert.Null(await Directory.FindAsync(LookupKey.Telegram(user.Id), default));
        Assert.Null(await Directory.FindAsync(LookupKey.Card(CardNumber.Parse(customer.Profile.CardNumber).Value), default));
    }

    private async Task<TelegramUser> StartedAsync()
    {
        var user = TelegramUser.NewRandom(languageCode: "en");
        app.Telegram.QueueUpdate(user.Text("/start"));
        await ReplyAsync(user, "Hello, Anna!");
        return user;
    }

    private Task<TelegramDouble.BotApiCall> ReplyAsync(TelegramUser user, string start) =>
        app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id && c.Text!.StartsWith(start, StringComparison.Ordinal));
}
