using Telegram.Bot;

namespace LoyaltyBot.Functions.Bot;

public static class BotClient
{
    /// <summary>
    /// The real Telegram.Bot client, pointed at <see cref="BotSettings.ApiBaseUrl"/> when one is set. Answers to a customer
    /// may wait out a short flood-control pause (<paramref name="retryFloodControl"/>); notifications pace themselves and
    /// see every 429, so their client does not retry. Every text it sends is fitted to Telegram's limits (<see cref="TextFittingBotClient"/>).
    /// </summary>
    public static ITelegramBotClient Create(BotSettings settings, HttpClient http, ILogger<TextFittingBotClient> logger, bool retryFloodControl = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new TelegramBotClientOptions(settings.Token!, settings.ApiBaseUrl)
        {
            RetryThreshold = retryFloodControl ? 5 : 0,
            RetryCount = retryFloodControl ? 2 : 0,
        };
        return new TextFittingBotClient(new TelegramBotClient(options, http), logger);
    }
}
