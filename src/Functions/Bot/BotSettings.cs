namespace LoyaltyBot.Functions.Bot;

/// <summary>
/// The bot's settings. With no token the bot is off. With a token, the app takes updates on
/// <c>POST /api/telegram/webhook</c> once a webhook is registered (<see cref="WebhookUrl"/>), and otherwise, standalone,
/// by long polling, so a developer with only a token from BotFather can chat with it.
/// </summary>
public sealed class BotSettings
{
    public const string TokenSetting = "TelegramBotToken";
    public const string ApiBaseUrlSetting = "TelegramApiBaseUrl";
    public const string WebhookSecretSetting = "TelegramWebhookSecret";
    public const string WebhookUrlSetting = "TelegramWebhookUrl";

    public string? Token { get; init; }

    /// <summary>Another Bot API server (a local one, or a test double); Telegram's own when empty.</summary>
    public string? ApiBaseUrl { get; init; }

    /// <summary>What Telegram sends in <c>X-Telegram-Bot-Api-Secret-Token</c>; the webhook refuses every update without it.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>The public https URL of <c>/api/telegram/webhook</c>; when set, the app registers it at start-up.</summary>
    public string? WebhookUrl { get; init; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Token);

    public static BotSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new BotSettings
        {
            Token = Blank(configuration[TokenSetting]),
            ApiBaseUrl = Blank(configuration[ApiBaseUrlSetting]),
            WebhookSecret = Blank(configuration[WebhookSecretSetting]),
            WebhookUrl = Blank(configuration[WebhookUrlSetting]),
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
