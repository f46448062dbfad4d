using Telegram.Bot;

namespace LoyaltyBot.Functions.Bot;

public static class BotClient
{
    /// <summary>The real Telegram.Bot client, pointed at <see cref="BotSettings.ApiBaseUrl"/> when one is set.</summary>
    public static ITelegramBotClient Create(BotSettings settings, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new TelegramBotClientOptions(settings.Token!, settings.ApiBaseUrl)
        {
            // Answers to a customer may wait out a short flood-control pause; notifications pace themselves instead.
            RetryThreshold = 5,
            RetryCount = 2,
        };
        return new TelegramBotClient(options, http);
    }
}
