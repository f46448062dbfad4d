using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using LoyaltyBot.Functions.Hosting;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace LoyaltyBot.Functions.Bot;

/// <summary>
/// <c>POST /api/telegram/webhook</c>: refuses a request without the configured secret token (401 when missing, 403 when
/// wrong) before reading it, refuses a body over <see cref="MaxBodyBytes"/> (413), handles each <c>update_id</c> once, and
/// answers 200 once the update is handled or deliberately ignored, a body that is no update included. Only a failure of
/// storage or Telegram answers 500 (503 when storage does not answer), so that Telegram sends the update again.
/// </summary>
public static partial class TelegramWebhookEndpoint
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Telegram's updates are small; a body over this is not one.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    internal static async Task<IResult> HandleAsync(HttpRequest request, IServiceProvider services, BotSettings settings, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!settings.IsConfigured)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Bot not configured", detail: "Set TelegramBotToken to run the bot.");
        }

        var presented = request.Headers[SecretHeader].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: $"The {SecretHeader} header is missing.");
        }

        if (settings.WebhookSecret is null || !SecretMatches(settings.WebhookSecret, presented))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: $"The {SecretHeader} header is wrong.");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large");
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        if (Read(body.ToArray()) is not { Id: > 0 } update)
        {
            // Telegram re-sends whatever is not answered 200, so what is not an update is acknowledged and dropped.
            LogNotAnUpdate(loggers.CreateLogger(typeof(TelegramWebhookEndpoint)), body.Length);
            return Results.Ok();
        }

        var handler = services.GetRequiredService<UpdateHandler>();
        if (!await handler.HandleOnceAsync(update, cancellationToken))
        {
            // An earlier delivery still has it in hand: Telegram sends it again later, and takes over one that was abandoned.
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Update in hand",
                detail: "An earlier delivery of this update is being handled; send it again later.").WithRetryAfter(TimeSpan.FromSeconds(5));
        }

        return Results.Ok();
    }

    /// <summary>The update in <paramref name="body"/>, or null when it is none: not JSON, not an object, fields of the wrong type.</summary>
    private static Update? Read(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<Update>(body, JsonBotAPI.Options);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Reading bytes already in memory fails only on what they say, and Telegram.Bot's converters throw more than
            // JsonException for that (ArgumentOutOfRangeException for a date out of range, KeyNotFoundException for a status missing).
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook got a body of {Length} bytes that is no Telegram update with an update_id; acknowledged and ignored")]
    private static partial void LogNotAnUpdate(ILogger logger, long length);

    private static bool SecretMatches(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}

/// <summary>Handles an update once, whichever way it came (webhook or long polling).</summary>
public sealed partial class UpdateHandler(UpdateLog log, UpdateRouter router, ILogger<UpdateHandler> logger)
{
    /// <summary>How long a failed update's row may take to be forgotten: storage may be what failed, and the lease covers that.</summary>
    private static readonly TimeSpan ForgetTimeout = TimeSpan.FromSeconds(2);

    /// <returns>False when another delivery of the update has it in hand: it must come again later.</returns>
    public async Task<bool> HandleOnceAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        switch (await log.TryBeginAsync(update.Id, cancellationToken))
        {
            case UpdateClaim.Handled:
                LogDuplicate(logger, update.Id);
                return true;
            case UpdateClaim.InHand:
                LogInHand(logger, update.Id);
                return false;
        }

        try
        {
            await router.HandleAsync(update, cancellationToken);
        }
        catch (Exception ex)
        {
            LogFailed(logger, update.Id, ex);
            await ForgetAsync(update.Id);
            throw;
        }

        await log.FinishAsync(update.Id, cancellationToken);
        return true;
    }

    /// <summary>Forgets a failed update, so that Telegram's retry (or the next poll) handles it at once rather than after the lease.</summary>
    private async Task ForgetAsync(long updateId)
    {
        using var bound = new CancellationTokenSource(ForgetTimeout);
        try
        {
            await log.ForgetAsync(updateId, bound.Token);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException)
        {
            LogNotForgotten(logger, updateId, UpdateLog.Lease, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Update {UpdateId} was handled before; ignored")]
    private static partial void LogDuplicate(ILogger logger, int updateId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Update {UpdateId} is being handled by an earlier delivery; to be tried again later")]
    private static partial void LogInHand(ILogger logger, int updateId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Update {UpdateId} failed; it will be tried again")]
    private static partial void LogFailed(ILogger logger, int updateId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Update {UpdateId} failed and could not be forgotten; a delivery after {Lease} takes it over")]
    private static partial void LogNotForgotten(ILogger logger, long updateId, TimeSpan lease, Exception exception);
}
