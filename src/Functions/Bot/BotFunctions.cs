using LoyaltyBot.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Bot;

/// <summary>The Telegram webhook, and the operator's registration of it with Telegram.</summary>
public sealed class BotFunctions(BotSettings settings, IServiceProvider services, ILoggerFactory loggers)
{
    [Function("TelegramWebhook")]
    public Task<IResult> WebhookAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "telegram/webhook")] HttpRequest request) =>
        TelegramWebhookEndpoint.HandleAsync(request, services, settings, loggers, request?.HttpContext.RequestAborted ?? default);

    /// <summary><c>{"webhookUrl": "https://..."}</c> registers the bot's webhook (with its secret) and command menu with Telegram.</summary>
    [Function("AdminTelegramSetup")]
    [RequiresAdminKey]
    public Task<IResult> SetUpAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/telegram/setup")] HttpRequest request) =>
        BotSetupEndpoint.SetUpAsync(request, settings, services, request?.HttpContext.RequestAborted ?? default);
}
