using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.TelegramDouble;

namespace LoyaltyBot.Functions.Tests.Infrastructure;

/// <summary>
/// The real app with the bot on, its Telegram.Bot client pointed at a <see cref="BotApiDouble"/>. By default it takes
/// updates by webhook (a webhook URL is set, so it does not poll); <see cref="PollingBotApp"/> takes them by long polling.
/// </summary>
public class BotApp : LoyaltyApp
{
    public const string WebhookSecret = "test-webhook-secret-1234";

    public BotApiDouble Telegram { get; private set; } = null!;

    /// <summary>The app's <c>TelegramWebhookSecret</c>, which updates posted to the webhook carry unless told otherwise.</summary>
    public virtual string WebhookSecretToken => WebhookSecret;

    /// <summary>The app's <c>TelegramBotToken</c>, the one the double accepts.</summary>
    protected virtual string BotToken => BotApiDouble.DefaultToken;

    /// <summary>Posts an update to the webhook as Telegram does, with the secret token.</summary>
    public Task<HttpResponseMessage> PostUpdateAsync(JsonObject update) => PostUpdateAsync(update, WebhookSecretToken);

    /// <summary>Posts an update to the webhook with this secret token, or none.</summary>
    public async Task<HttpResponseMessage> PostUpdateAsync(JsonObject update, string? secret)
    {
        ArgumentNullException.ThrowIfNull(update);
        return await PostRawAsync(update.ToJsonString(), secret);
    }

    public Task<HttpResponseMessage> PostRawAsync(string body) => PostRawAsync(body, WebhookSecretToken);

    public async Task<HttpResponseMessage> PostRawAsync(string body, string? secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/telegram/webhook", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (secret is not null)
        {
            request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, secret);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Sends an update and fails unless the webhook answered 200.</summary>
    public async Task SendAsync(JsonObject update)
    {
        using var response = await PostUpdateAsync(update);
        Assert.True(response.IsSuccessStatusCode, $"The webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    protected override async Task BeforeStartAsync() => Telegram = await BotApiDouble.StartAsync(BotToken);

    /// <summary>
    /// Waits for the bot's own calls at start-up (the webhook's registration, or polling's set-up), which run in the
    /// background and end with the default command menu, so that a test sees only the calls it caused.
    /// </summary>
    protected override async Task AfterStartAsync() =>
        await Telegram.WaitForAsync(c => c.Method == "setMyCommands" && c.Parameter("language_code") is null);

    protected override void Configure(IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings[BotSettings.TokenSetting] = Telegram.Token;
        settings[BotSettings.ApiBaseUrlSetting] = Telegram.BaseUrl.ToString();
        settings[BotSettings.WebhookSecretSetting] = WebhookSecretToken;
        settings[BotSettings.WebhookUrlSetting] = "https://loyalty.example/api/telegram/webhook";
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Telegram.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The bot with only a token: it takes updates by long polling from the double.</summary>
public class PollingBotApp : BotApp
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings[BotSettings.WebhookSecretSetting] = "";
        settings[BotSettings.WebhookUrlSetting] = "";
    }
}
