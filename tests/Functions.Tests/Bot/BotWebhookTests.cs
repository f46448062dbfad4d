using System.Net;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

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
}
