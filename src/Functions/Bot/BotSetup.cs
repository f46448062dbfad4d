using System.Text.Json;
using LoyaltyBot.Functions.Hosting;
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

/// <summary><c>POST /api/admin/telegram/setup</c> <c>{"webhookUrl": "https://..."}</c>: registers the webhook (when a URL is given) and the command menu.</summary>
public static class BotSetupEndpoint
{
    public sealed record SetupRequest(
        [property: System.ComponentModel.Description("The https URL Telegram is to post updates to: this app's `/api/telegram/webhook`. Absent: the command menu only.")]
        string? WebhookUrl = null);

    internal static async Task<IResult> SetUpAsync(HttpRequest request, BotSettings settings, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!settings.IsConfigured)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Bot not configured", detail: "Set TelegramBotToken first.");
        }

        var (document, refusal) = await JsonBody.ReadAsync(request, cancellationToken, optional: true);
        if (refusal is not null)
        {
            return refusal;
        }

        SetupRequest? body;
        try
        {
            using (document)
            {
                body = document?.RootElement.Deserialize<SetupRequest>(JsonSerializerOptions.Web);
            }
        }
        catch (JsonException)
        {
            return Problem("webhookUrl", "The body must be {\"webhookUrl\": \"https://...\"} or empty.");
        }

        var url = body?.WebhookUrl;
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            return Problem("webhookUrl", "Telegram sends webhooks only to an absolute https URL.");
        }

        if (url is not null && settings.WebhookSecret is null)
        {
            return Problem("webhookUrl", $"Set {BotSettings.WebhookSecretSetting} first: without it the webhook refuses every update.");
        }

        var setup = services.GetRequiredService<BotSetup>();
        if (url is null)
        {
            await setup.SetCommandsAsync(cancellationToken);
        }
        else
        {
            await setup.SetWebhookAsync(url, cancellationToken);
        }

        return Results.Ok(new { webhookUrl = url, commands = services.GetServices<IBotCommand>().Select(c => "/" + c.Name) });
    }

    private static IResult Problem(string field, string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad setup request", detail: detail,
        extensions: new Dictionary<string, object?> { ["field"] = field });
}
