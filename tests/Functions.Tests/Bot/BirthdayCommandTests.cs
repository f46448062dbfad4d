using Azure.Data.Tables;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary><c>/birthday</c> through the webhook: asked, checked, saved once with its BirthdayIndex row.</summary>
public sealed class BirthdayCommandTests(BotApp app) : IClassFixture<BotApp>
{
    private CustomerDirectory Directory => app.Services.GetRequiredService<CustomerDirectory>();

    [Fact]
    public async Task BirthdayAsksForTheDateThenSavesAValidOneWithItsIndexRow()
    {
        var user = await app.StartedUserAsync("ru");

        await app.SendAsync(user.Text("🎂 День рождения"));
        var ask = app.Telegram.LastReply(user);
        await app.SendAsync(user.Text("31.12.1990"));

        Assert.StartsWith("Напишите дату рождения: день и месяц, например 31.12", ask.Text, StringComparison.Ordinal);
        Assert.Contains("300 баллов в подарок", ask.Text, StringComparison.Ordinal);
        var saved = app.Telegram.LastReply(user);
        Assert.StartsWith("Запомнил: 31 декабря 1990. В этот день вы получите 300 баллов в подарок.", saved.Text, StringComparison.Ordinal);
        Assert.Contains("🎂 День рождения", saved.ButtonTexts());
        var account = (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!;
        Assert.Equal((31, 12, 1990), (account.Profile.BirthDay, account.Profile.BirthMonth, account.Profile.BirthYear));
        Assert.True(await IndexedAsync("1231", account.CustomerId));
    }

    [Theory]
    [InlineData("31.02", "There is no such date. Please check the day and month and try again, such as 31.12.")]
    [InlineData("29.02.2023", "There is no such date. Please check the day and month and try again, such as 31.12.")]
    [InlineData("next friday", "I didn't get that date. Please send day and month, such as 31.12 or 31.12.1990.")]
    [InlineData("01.01.1850", "The year must be from 1900 to {0}. You can also leave it out: 31.12.")]
    public async Task AnImpossibleDateIsRefusedAndTheBotWaitsForAnother(string typed, string answer)
    {
        var user = await app.StartedUserAsync("en");
        await app.SendAsync(user.Text("/birthday"));

        await app.SendAsync(user.Text(typed));
        var refused = app.Telegram.LastReply(user);
        await app.SendAsync(user.Text("29/02"));

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, answer, TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).Year), refused.Text);
        Assert.StartsWith("Saved: 29 February.", app.Telegram.LastReply(user).Text, StringComparison.Ordinal);
        var account = (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!;
        Assert.Equal((29, 2, (int?)null), (account.Profile.BirthDay, account.Profile.BirthMonth, account.Profile.BirthYear));
        Assert.True(await IndexedAsync("0229", account.CustomerId));
    }

    [Fact]
    public async Task ASecondAttemptSaysOnlyTheProgramOwnerCanChangeIt()
    {
        var user = await app.StartedUserAsync("en");
        await app.SendAsync(user.Text("/birthday"));
        await app.SendAsync(user.Text("5-3-1985"));

        await app.SendAsync(user.Text("/birthday"));
        await app.SendAsync(user.Text("06.07"));

        Assert.Equal("Your birthday is 5 March 1985. It can only be changed through the program owner.", app.Telegram.Replies(user)[^2].Text);
        Assert.StartsWith("Sorry, I didn't get that.", app.Telegram.LastReply(user).Text, StringComparison.Ordinal);
        var account = (await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!;
        Assert.Equal((5, 3, 1985), (account.Profile.BirthDay, account.Profile.BirthMonth, account.Profile.BirthYear));
        Assert.False(await IndexedAsync("0706", account.CustomerId));
    }

    [Fact]
    public async Task ADateTypedWithoutBeingAskedIsNotTakenForABirthday()
    {
        var user = await app.StartedUserAsync("en");

        await app.SendAsync(user.Text("31.12"));

        Assert.StartsWith("Sorry, I didn't get that.", app.Telegram.LastReply(user).Text, StringComparison.Ordinal);
        Assert.Null((await Directory.FindAccountAsync(LookupKey.Telegram(user.Id), default))!.Profile.BirthMonth);
    }

    private async Task<bool> IndexedAsync(string monthDay, string customerId) =>
        (await app.Storage.Table(TableNames.BirthdayIndex).GetEntityIfExistsAsync<TableEntity>(monthDay, customerId)).HasValue;
}
