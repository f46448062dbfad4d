using Telegram.Bot.Exceptions;
using LoyaltyBot.Functions.Telemetry;

namespace LoyaltyBot.Functions.Notifications;

/// <summary>
/// Paces notifications within Telegram's limits. In all chats: a message starts only once fewer than
/// <see cref="NotificationSettings.PerWindow"/> messages ended within the last <see cref="NotificationSettings.Window"/>
/// or are still in flight (30 in 1.05 s), at least <see cref="NotificationSettings.MinSpacing"/> after the last start.
/// Counting each message until it ended, not from when it started, holds however late a request reaches Telegram:
/// a message arrives before it ends, so any 31 arrivals span more than a window. Per chat: one message at a time, the
/// next no sooner than <see cref="NotificationSettings.PerChatInterval"/> after the last one ended. A 429 pauses that
/// chat for its <c>retry_after</c> and the message tries again. One instance serves every concurrent SendNotification
/// run of the app.
/// </summary>
public sealed partial class SendLimiter(NotificationSettings settings, TimeProvider time, ILogger<SendLimiter> logger)
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan BusyPoll = TimeSpan.FromMilliseconds(20);
    private readonly Lock gate = new();

    // When each chat may have its next message; MaxValue while one is in flight. Chats long free are pruned.
    private readonly Dictionary<long, DateTimeOffset> chatFreeAt = [];
    // The latest tries, at most PerWindow of them, oldest first.
    private readonly Queue<Try> tries = new();
    private DateTimeOffset lastStart = DateTimeOffset.MinValue;
    private int pruneAbove = 1024;

    /// <summary>Runs <paramref name="send"/> in its turn; on 429 waits as told and runs it again. Other failures are the caller's.</summary>
    public async Task<T> SendAsync<T>(long chatId, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        for (var attempt = 1; ; attempt++)
        {
            var turn = await WaitTurnAsync(chatId, cancellationToken);
            var pause = settings.PerChatInterval;
            try
            {
                return await send(cancellationToken);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 429 && attempt < MaxAttempts && RetryAfter(ex) <= settings.MaxRetryAfter)
            {
                pause = RetryAfter(ex) > pause ? RetryAfter(ex) : pause;
                LogTooManyRequests(logger, RetryAfter(ex).TotalSeconds, attempt);
                LoyaltyMetrics.RateLimitWaited(RetryAfter(ex));
            }
            finally
            {
                Release(chatId, pause, turn);
            }
        }
    }

    /// <summary>Waits until the chat has nothing in flight and its pause is over, and the window has room; the chat is then held.</summary>
    private async Task<Try> WaitTurnAsync(long chatId, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (gate)
            {
                var now = time.GetUtcNow();
                var freeAt = chatFreeAt.GetValueOrDefault(chatId, DateTimeOffset.MinValue);
                var next = Later(freeAt, NextStart());
                if (next <= now)
                {
                    chatFreeAt[chatId] = DateTimeOffset.MaxValue;
                    Prune(now);
                    return Start(now);
                }

                // A message to this chat, or the oldest in the window, is in flight (it ends at an unknown time); or a pause runs.
                wait = next == DateTimeOffset.MaxValue ? BusyPoll : next - now;
            }

            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// <summary>The earliest start that keeps the window within its count and the spacing; MaxValue while the oldest counted is in flight.</summary>
    private DateTimeOffset NextStart()
    {
        var next = lastStart == DateTimeOffset.MinValue ? DateTimeOffset.MinValue : lastStart + settings.MinSpacing;
        return tries.Count < settings.PerWindow ? next : Later(next, tries.Peek().EndedAt is { } ended ? ended + settings.Window : DateTimeOffset.MaxValue);
    }

    private Try Start(DateTimeOffset now)
    {
        if (tries.Count >= settings.PerWindow)
        {
            tries.Dequeue();
        }

        var started = new Try();
        tries.Enqueue(started);
        lastStart = now;
        return started;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private void Release(long chatId, TimeSpan pause, Try turn)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            chatFreeAt[chatId] = now + pause;
            turn.EndedAt = now;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        if (chatFreeAt.Count <= pruneAbove)
        {
            return;
        }

        foreach (var chat in chatFreeAt.Where(c => c.Value <= now).Select(c => c.Key).ToList())
        {
            chatFreeAt.Remove(chat);
        }

        pruneAbove = Math.Max(1024, chatFreeAt.Count * 2);
    }

    /// <summary>One message's try at Telegram, counted in the window until it ended.</summary>
    private sealed class Try
    {
        public DateTimeOffset? EndedAt { get; set; }
    }

    private static TimeSpan RetryAfter(ApiRequestException ex) => TimeSpan.FromSeconds(ex.Parameters?.RetryAfter is { } seconds && seconds > 0 ? seconds : 1);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram asked to slow down (429): the message waits {RetryAfterSeconds} s before try {Attempt} is repeated")]
    private static partial void LogTooManyRequests(ILogger logger, double retryAfterSeconds, int attempt);
}
