using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LoyaltyBot.Functions.Bot;

/// <summary>Tells Telegram about the bot: its command menu in both languages and, when there is a public URL, the webhook.</summary>
public sealed partial class BotSetup(ITelegramBotClient bot, BotSettings settings, IEnumerable<IBotCommand> commands, ILogger<BotSetup> logger)
{
    public static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery, UpdateType.MyChatMember];

    /// <summary><c>setMyCommands</c> for Russian, for English and as the default (English).</summary>
    public async Task SetCommandsAsync(CancellationToken cancellationToken)
    {
        foreach (var language in new[] { BotLanguage.Russian, BotLanguage.English })
        {
            var menu = commands.Select(c => new BotCommand(c.Name, c.Description.In(language))).ToList();
            await bot.SetMyCommands(menu, languageCode: language, cancellationToken: cancellationToken);
            if (language == BotLanguage.English)
            {
                await bot.SetMyCommands(menu, cancellationToken: cancellationToken);
            }
        }
    }

    /// <summary><c>setWebhook</c> with the secret token and the updates the bot handles; then the command menu.</summary>
    public async Task SetWebhookAsync(string url, CancellationToken cancellationToken)
    {
        if (settings.WebhookSecret is null)
        {
            throw new InvalidOperationException($"Set {BotSettings.WebhookSecretSetting} before registering a webhook: without it every update would be refused.");
        }

        await bot.SetWebhook(url, secretToken: settings.WebhookSecret, allowedUpdates: AllowedUpdates, dropPendingUpdates: false, cancellationToken: cancellationToken);
        await SetCommandsAsync(cancellationToken);
        LogWebhookSet(logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The bot's webhook is registered with its secret token")]
    private static partial void LogWebhookSet(ILogger logger);
}
