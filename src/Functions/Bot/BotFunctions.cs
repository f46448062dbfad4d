using LoyaltyBot.Functions.Hosting;
using Microsoft.AspNetCore.Mvc;
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
    [Tags("Admin")]
    [EndpointSummary("Register the bot's webhook (with its secret) and command menu with Telegram; without a body, the command menu only")]
    [DescribedBody("POST", typeof(BotSetupEndpoint.SetupRequest), optional: true)]
    [ProducesResponseType(StatusCodes.Status200OK, Description = "Done: `{\"webhookUrl\", \"commands\"}`.")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json",
        Description = "`webhookUrl` is not an absolute https URL, or `TelegramWebhookSecret` is not set.")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status503ServiceUnavailable, "application/problem+json", Description = "`TelegramBotToken` is not set.")]
    public Task<IResult> SetUpAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/telegram/setup")] HttpRequest request) =>
        BotSetupEndpoint.SetUpAsync(request, settings, services, request?.HttpContext.RequestAborted ?? default);
}
