using System.Net;
using System.Net.Http.Json;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Bot;

public sealed class BotSetupTests(BotApp app) : IClassFixture<BotApp>
{
    [Fact]
    public async Task WithAWebhookUrlTheAppRegistersTheWebhookWithItsSecretAndTheUpdatesItHandles()
    {
        var registered = await app.Telegram.WaitForAsync(c => c.Method == "setWebhook");

        Assert.Equal("https://loyalty.example/api/telegram/webhook", registered.Parameter("url"));
        Assert.Equal(BotApp.WebhookSecret, registered.Parameter("secret_token"));
        Assert.Contains("callback_query", registered.Parameter("allowed_updates"), StringComparison.Ordinal);
        Assert.Empty(app.Telegram.CallsOf("getUpdates"));
    }

    [Fact]
    public async Task TheSetupRouteRegistersAWebhookAndRefusesAnythingButHttps()
    {
        using var admin = app.AdminClient();

        using var ok = await admin.PostAsJsonAsync(new Uri("/api/admin/telegram/setup", UriKind.Relative), new { webhookUrl = "https://bot.example/api/telegram/webhook" });
        using var plain = await admin.PostAsJsonAsync(new Uri("/api/admin/telegram/setup", UriKind.Relative), new { webhookUrl = "http://bot.example/hook" });
        using var anonymous = await app.Client.PostAsJsonAsync(new Uri("/api/admin/telegram/setup", UriKind.Relative), new { webhookUrl = "https://bot.example/x" });

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains(app.Telegram.CallsOf("setWebhook"), c => c.Parameter("url") == "https://bot.example/api/telegram/webhook");
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.DoesNotContain(app.Telegram.CallsOf("setWebhook"), c => c.Parameter("url")!.StartsWith("http:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheSetupRouteRefusesARepeatedWebhookUrlNamingItAndRegistersNeither()
    {
        using var admin = app.AdminClient();
        using var body = new StringContent("{\"webhookUrl\":\"https://one.example/hook\",\"webhookUrl\":\"https://two.example/hook\"}", System.Text.Encoding.UTF8, "application/json");

        using var response = await admin.PostAsync(new Uri("/api/admin/telegram/setup", UriKind.Relative), body);

        Assert.Equal(["webhookUrl"], await Admin.AdminHttp.InvalidFieldsAsync(response));
        Assert.DoesNotContain(app.Telegram.CallsOf("setWebhook"), c => c.Parameter("url")!.Contains(".example/hook", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheSetupRouteAnswersAPlainTextBodyWith415ProblemJson()
    {
        using var admin = app.AdminClient();
        using var body = new StringContent("{\"webhookUrl\":\"https://three.example/hook\"}", System.Text.Encoding.UTF8, "text/plain");

        using var response = await admin.PostAsync(new Uri("/api/admin/telegram/setup", UriKind.Relative), body);

        var problem = await Admin.AdminHttp.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Send the body as application/json.", problem.GetProperty("detail").GetString());
    }
}
