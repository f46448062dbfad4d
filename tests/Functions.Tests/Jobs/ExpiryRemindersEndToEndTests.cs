using System.Globalization;
using System.Net;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Tests.Bot;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.Functions.Tests.Notifications;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>The bot whose expiry reminders run on a clock of their own, which a test moves ahead; the rest keeps real time.</summary>
public sealed class ReminderBotApp() : JobClockBotApp<ExpiryReminderRun>(DateTimeOffset.UtcNow);

/// <summary>Points earned at a till, and the ExpiryReminders function's warning of them reaching the chat through the Bot API double, once.</summary>
public sealed class ExpiryRemindersEndToEndTests(ReminderBotApp app) : IClassFixture<ReminderBotApp>
{
    [Fact]
    public async Task APurchasesPointsAreWarnedOfAWeekBeforeTheyExpireOnce()
    {
        var till = await MerchantClient.CreateAsync(app, "Coffee House");
        var user = await app.StartedUserAsync("en");
        var boughtAt = DateTimeOffset.UtcNow;
        using var bought = await till.PostAsync("purchases", new Dictionary<string, object?>
        {
            ["purchaseId"] = MerchantClient.NewId("p"),
            ["telegramUserId"] = user.Id,
            ["amount"] = 1_000m,
            ["occurredAt"] = boughtAt.ToString("O", CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Accepted, bought.StatusCode);
        await BotScenario.MessageToAsync(app, user, "You earned 30 points");

        // The evening, in the program's zone, a week before the day the purchase's points expire.
        var zone = ProgramRules.Default.Zone;
        var expiresAt = boughtAt.AddDays(ProgramRules.Default.ExpiryDays);
        var warningDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(expiresAt, zone).DateTime).AddDays(-ProgramRules.Default.ExpiryWarningDays);
        app.JobClock.SetUtcNow(ProgramDayInUtc.StartOf(warningDay, zone).AddHours(20));
        await app.RunFunctionAsync("ExpiryReminders");
        var warning = await BotScenario.MessageToAsync(app, user, "will expire on");
        app.JobClock.Advance(TimeSpan.FromHours(1));
        await app.RunFunctionAsync("ExpiryReminders");
        await BotScenario.WhenQueueIsEmptyAsync(app);

        var day = LocalFormat.Day("en", expiresAt, zone, DateTimeOffset.UtcNow);
        Assert.Equal($"30 points will expire on {day} — use them before then!", warning.Text);
        Assert.Single(BotScenario.MessagesTo(app, user), m => m.Text!.Contains("will expire", StringComparison.Ordinal));
    }
}
