using System.Net;
using System.Net.Http.Json;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Bot;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.Functions.Tests.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>The bot whose tier review runs on a clock of its own, set by the test; the rest keeps real time.</summary>
public sealed class TierReviewBotApp() : JobClockBotApp<TierReviewRun>(DateTimeOffset.UtcNow);

/// <summary>A Gold customer of the bot, warned by the TierReview function through the Bot API double, then lowered to Silver and told.</summary>
public sealed class TierReviewEndToEndTests(TierReviewBotApp app) : IClassFixture<TierReviewBotApp>
{
    [Fact]
    public async Task AGoldCustomerIsWarnedBeforeTheReviewThenLoweredAtItAndToldEachOnce()
    {
        var user = await app.StartedUserAsync("en");
        var customerId = (await app.AccountAsync(user)).CustomerId;
        var rules = ProgramRules.Default;
        var purchase = Purchase.Create("m-e2e", "p-gold", 60_000m, "RUB", DateTimeOffset.UtcNow, null, 0, rules).Value;
        var earned = await app.Services.GetRequiredService<LedgerStore>().EarnAsync(customerId, purchase, rules, [], default);
        Assert.Equal("Gold", earned.Value.RaisedToTier);
        // The purchase counts for the 365-day window and 30 days of grace: the review after that lowers the tier.
        var review = (await app.AccountAsync(user)).TierReviewDue(rules, DateTimeOffset.UtcNow)!.Value;
        var reviewAt = TierReviewCalendar.At(review, rules.Zone);

        app.JobClock.Advance(reviewAt.AddDays(-rules.TierWarningDays) - app.JobClock.GetUtcNow());
        using var admin = app.AdminClient();
        using var runNow = await admin.PostAsJsonAsync(new Uri("/admin/functions/TierReview", UriKind.Relative), new { input = "" });
        var warning = await BotScenario.MessageToAsync(app, user, "To keep your Gold tier");
        app.JobClock.Advance(reviewAt - app.JobClock.GetUtcNow());
        await app.RunFunctionAsync("TierReview");
        var lowered = await BotScenario.MessageToAsync(app, user, "Your tier has been lowered");
        app.JobClock.Advance(TimeSpan.FromHours(1));
        await app.RunFunctionAsync("TierReview");
        await BotScenario.WhenQueueIsEmptyAsync(app);

        Assert.Equal(HttpStatusCode.Accepted, runNow.StatusCode);
        // Over a year ahead of the sender's real clock, so the day carries its year.
        var by = review.ToDateTime(TimeOnly.MinValue).ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en"));
        Assert.Equal($"To keep your Gold tier, spend 50,000 ₽ more by {by}; otherwise your tier will be lowered.", warning.Text);
        Assert.Equal("Your tier has been lowered to Silver: you get 5% back in points on every purchase. Spend 50,000 ₽ more to win back the Gold tier.", lowered.Text);
        Assert.Single(BotScenario.MessagesTo(app, user), m => m.Text!.StartsWith("To keep your", StringComparison.Ordinal));
        Assert.Single(BotScenario.MessagesTo(app, user), m => m.Text!.StartsWith("Your tier has been lowered", StringComparison.Ordinal));
        Assert.Equal("Silver", (await app.AccountAsync(user)).Tier);
    }
}
