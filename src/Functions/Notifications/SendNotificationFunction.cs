using System.Text.Json;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace LoyaltyBot.Functions.Notifications;

/// <summary>A queued notification that can never be read; throwing it moves the message to the poison queue.</summary>
public sealed class NotificationRejectedException(string message) : InvalidOperationException(message);

/// <summary>
/// The SendNotification queue function: renders a notification in the customer's language and sends it to their chat,
/// once per notification id, paced by the app's one <see cref="SendLimiter"/>. A customer with no chat, who blocked the
/// bot, or who no longer exists is skipped (the message succeeds). A 403 marks the customer unreachable and a 400 is
/// not retried; any other failure gives the claim back and fails the try, so the queue brings the message back.
/// </summary>
public sealed partial class SendNotificationFunction(
    LedgerStore ledger, CustomerProfiles profiles, NotificationRenderer renderer, SentNotifications sent, SendLimiter limiter, NotificationBot bot, ILogger<SendNotificationFunction> logger)
{
    [Function("SendNotification")]
    public async Task<object?> RunAsync([QueueTrigger(QueueNames.Notifications)] string text, CancellationToken cancellationToken)
    {
        var notification = Read(text);
        using var activity = LoyaltyTelemetry.StartActivity("SendNotification")?.SetTag(LoyaltyMetrics.KindTag, notification.Kind.ToString());
        var customer = await ledger.GetAccountAsync(notification.CustomerId, cancellationToken);
        if (customer?.Profile is not { ChatId: { } chatId, Unreachable: false })
        {
            var reason = customer is null ? "no such customer" : customer.Profile.ChatId is null ? "no chat" : "unreachable";
            LogSkipped(logger, notification.Id, notification.CustomerId, reason);
            return new { notification = notification.Id, skipped = reason };
        }

        if (await renderer.RenderAsync(notification, customer, cancellationToken) is not { } message)
        {
            LogSkipped(logger, notification.Id, notification.CustomerId, "nothing to say");
            return new { notification = notification.Id, skipped = "nothing to say" };
        }

        if (await sent.ClaimAsync(notification.CustomerId, notification.Id, cancellationToken) is not { } claim)
        {
            return new { notification = notification.Id, skipped = "sent before" };
        }

        try
        {
            await limiter.SendAsync(chatId, send => bot.Client.SendMessage(chatId, message.Text, replyMarkup: message.Buttons, cancellationToken: send), cancellationToken);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 403)
        {
            // The user blocked the bot: stop writing to them until they come back with /start.
            try
            {
                await profiles.MarkUnreachableAsync(notification.CustomerId, CancellationToken.None);
            }
            catch
            {
                await sent.ReleaseAsync(claim);
                throw;
            }

            await sent.CompleteAsync(claim, "blocked");
            LogBlocked(logger, notification.Id, notification.CustomerId);
            return new { notification = notification.Id, skipped = "blocked" };
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 400)
        {
            // Telegram refuses this message (the chat is gone, say): another try would be refused too.
            await sent.CompleteAsync(claim, "refused");
            LogRefused(logger, notification.Id, notification.CustomerId, ex);
            return new { notification = notification.Id, skipped = "refused" };
        }
        catch
        {
            await sent.ReleaseAsync(claim);
            throw;
        }

        await sent.CompleteAsync(claim, "sent");
        LoyaltyMetrics.NotificationSent(notification.Kind.ToString());
        return new { notification = notification.Id, sent = notification.Kind.ToString() };
    }

    private static Notification Read(string input)
    {
        Notification? notification;
        try
        {
            notification = Notifier.Read(input);
        }
        catch (JsonException ex)
        {
            throw new NotificationRejectedException($"The message is not a notification ({ex.GetType().Name} at {ex.Path}).");
        }

        return notification is { Id.Length: > 0, CustomerId.Length: > 0 }
            ? notification
            : throw new NotificationRejectedException("A notification needs an id and a customer id.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId} for customer {CustomerId} not sent: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string notificationId, string customerId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId}: customer {CustomerId} blocked the bot and is marked unreachable")]
    private static partial void LogBlocked(ILogger logger, string notificationId, string customerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} for customer {CustomerId} was refused by Telegram and is not retried")]
    private static partial void LogRefused(ILogger logger, string notificationId, string customerId, Exception exception);
}
