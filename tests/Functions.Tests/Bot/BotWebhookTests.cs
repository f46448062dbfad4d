using System.Net;
using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>The webhook transport: the secret token, duplicate update ids, and what is not an update.</summary>
public sealed class BotWebhookTests(BotApp app) : IClassFixture<BotApp>
{
    [Fact]
    public async Task AnUpdateWithoutTheSecretIsUnauthorizedAndAWrongSecretIsForbiddenAndNeitherIsHandled()
    {
        var user = TelegramUser.NewRandom();

        using var missing = await app.PostUpdateAsync(user.Text("/start"), secret: null);
        using var wrong = await app.PostUpdateAsync(user.Text("/start"), secret: "not-the-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        Assert.Null(await app.Services.GetRequiredService<CustomerDirectory>().FindAsync(LookupKey.Telegram(user.Id), default));
        Assert.DoesNotContain(app.Telegram.Calls, c => c.ChatId == user.Id);
    }

    [Fact]
    public async Task AnUpdateDeliveredTwiceIsHandledOnce()
    {
        var user = TelegramUser.NewRandom();
        var update = user.Text("/start");

        await app.SendAsync(update);
        await app.SendAsync(update);

        Assert.Single(app.Telegram.CallsOf("sendMessage"), c => c.ChatId == user.Id);
    }

    [Fact]
    public async Task AnUpdateWhoseEarlierDeliveryIsStillInHandIsAnsweredUnavailableSoThatTelegramSendsItAgain()
    {
        var user = TelegramUser.NewRandom();
        var update = user.Text("/start");
        await BeginAsync(update, DateTimeOffset.UtcNow);

        using var response = await app.PostUpdateAsync(update);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.DoesNotContain(app.Telegram.Calls, c => c.ChatId == user.Id);
    }

    [Fact]
    public async Task AnUpdateAnEarlierDeliveryBeganAndAbandonedIsHandledByTheNextDeliveryOnce()
    {
        var user = TelegramUser.NewRandom();
        var update = user.Text("/start");
        // A delivery that began longer than a lease ago and never finished nor forgot it (a crash, or storage gone).
        await BeginAsync(update, DateTimeOffset.UtcNow - UpdateLog.Lease - TimeSpan.FromSeconds(1));

        await app.SendAsync(update);
        await app.SendAsync(update);

        Assert.Single(app.Telegram.CallsOf("sendMessage"), c => c.ChatId == user.Id);
        Assert.NotNull(await app.Services.GetRequiredService<CustomerDirectory>().FindAsync(LookupKey.Telegram(user.Id), default));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"message\": {\"text\": \"no update id\"}}")]
    public async Task ABodyThatIsNotAnUpdateIsAcknowledgedAndIgnoredSoThatTelegramDoesNotResendIt(string body)
    {
        var before = app.Telegram.Calls.Count;

        using var response = await app.PostRawAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, app.Telegram.Calls.Count);
    }

    [Fact]
    public async Task AnOversizedBodyIsRefusedAsTooLarge()
    {
        using var response = await app.PostRawAsync($"{{\"update_id\": 1, \"pad\": \"{new string('x', TelegramWebhookEndpoint.MaxBodyBytes)}\"}}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnUpdateOfAnUnknownTypeIsAcknowledgedAndIgnored()
    {
        var before = app.Telegram.Calls.Count;

        using var response = await app.PostRawAsync($"{{\"update_id\": {TelegramUser.NextUpdateId()}, \"business_connection\": {{\"id\": \"x\"}}, \"future_kind\": {{\"a\": 1}}}}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, app.Telegram.Calls.Count);
    }

    /// <summary>What a delivery of <paramref name="update"/> that began at <paramref name="at"/> left in the update log.</summary>
    private async Task BeginAsync(JsonObject update, DateTimeOffset at)
    {
        var log = new UpdateLog(app.Storage, new FakeTimeProvider(at));
        Assert.Equal(UpdateClaim.Taken, await log.TryBeginAsync(update["update_id"]!.GetValue<long>(), default));
    }
}
