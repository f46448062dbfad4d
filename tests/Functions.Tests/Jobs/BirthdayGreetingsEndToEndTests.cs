using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Bot;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.Functions.Tests.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>The bot whose birthday greetings run on a clock of their own (noon on 15 June 2030 in Moscow); the rest keeps real time.</summary>
public sealed class BirthdayBotApp() : JobClockBotApp<BirthdayGreetingRun>(new DateTimeOffset(2030, 6, 15, 9, 0, 0, TimeSpan.Zero));

/// <summary>A birthday set in the bot, greeted by the BirthdayGreetings function through the Bot API double, once, with its bonus.</summary>
public sealed class BirthdayGreetingsEndToEndTests(BirthdayBotApp app) : IClassFixture<BirthdayBotApp>
{
    [Fact]
    public async Task ABirthdaySetInTheBotIsGreetedOnceWithItsBonus()
    {
        var user = await app.StartedUserAsync("en");
        await app.SendAsync(user.Text("/birthday"));
        await app.SendAsync(user.Text("15.06"));
        Assert.StartsWith("Saved: 15 June.", app.Telegram.LastReply(user).Text, StringComparison.Ordinal);
        var before = (await app.AccountAsync(user)).Balance;

        using var admin = app.AdminClient();
        using var runNow = await admin.PostAsJsonAsync(new Uri("/admin/functions/BirthdayGreetings", UriKind.Relative), new { input = "" });
        var greeting = await BotScenario.MessageToAsync(app, user, "Happy birthday");
        app.JobClock.Advance(TimeSpan.FromHours(1));
        await app.RunFunctionAsync("BirthdayGreetings");
        await BotScenario.WhenQueueIsEmptyAsync(app);

        Assert.Equal(HttpStatusCode.Accepted, runNow.StatusCode);
        var result = (await runNow.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result");
        Assert.Equal(("[\"2030-06-15\"]", 1, 300), (result.GetProperty("days").GetRawText(), result.GetProperty("customersGreeted").GetInt32(), result.GetProperty("pointsGranted").GetInt32()));
        Assert.Equal("Happy birthday, Anna! Here are 300 bonus points from us 🎁", greeting.Text);
        Assert.Single(BotScenario.MessagesTo(app, user), m => m.Text!.StartsWith("Happy birthday", StringComparison.Ordinal));
        var account = await app.AccountAsync(user);
        Assert.Equal(before + 300, account.Balance);
        var entries = await app.Services.GetRequiredService<LedgerStore>().ReadEntriesAsync(account.CustomerId, null, default);
        var bonus = Assert.Single(entries, e => e.Note == BirthdayGreetingRun.Reason);
        Assert.Equal((LedgerEntryKind.Bonus, 300L), (bonus.Kind, bonus.Delta));
        Assert.Contains(account.Lots, l => l.Kind == LotKind.Bonus && l.Remaining == 300 && l.ExpiresAt == bonus.RecordedAt.AddDays(14));
    }
}
