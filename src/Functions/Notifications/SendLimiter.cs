using Telegram.Bot.Exceptions;
using LoyaltyBot.Functions.Telemetry;

namespace LoyaltyBot.Functions.Notifications;

/// <summary>
/// Paces notifications within Telegram's limits. In all chats: at most <see cref="NotificationSettings.PerWindow"/> messages
/// start in any <see cref="NotificationSettings.Window"/> (30 in 1.05 s), at least <see cref="NotificationSettings.MinSpacing"/>
/// apart — a counting window rather than a fixed beat, so that a moment with nobody ready to send is made up for later.
/// Per chat: one message at a time, the next no sooner than <see cref="NotificationSettings.PerChatInterval"/> after the
/// last one ended. A 429 pauses that chat for its <c>retry_after</c> and the message tries again. One instance serves
/// every concurrent SendNotification run of the app.
/// </summary>
public sealed partial class SendLimiter(NotificationSettings settings, TimeProvider time, ILogger<SendLimiter> logger)
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan BusyPoll = TimeSpan.FromMilliseconds(20);
    private readonly Lock gate = new();

    // When each chat may have its next message; MaxValue while one is in flight. Chats long free are pruned.
    private readonly Dictionary<long, DateTimeOffset> chatFreeAt = [];
    // The start times of the latest messages, at most PerWindow of them, oldest first.
    private readonly Queue<DateTimeOffset> starts = new();
    private DateTimeOffset lastStart = DateTimeOffset.MinValue;
    private int pruneAbove = 1024;

    /// <summary>Runs <paramref name="send"/> in its turn; on 429 waits as told and runs it again. Other failures are the caller's.</summary>
    public async Task<T> SendAsync<T>(long chatId, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        for (var attempt = 1; ; attempt++)
        {
            await WaitTurnAsync(chatId, cancellationToken);
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
                Release(chatId, pause);
            }
        }
    }

    /// <summary>Waits until the chat has nothing in flight and its pause is over, then for the next slot; the chat is then held.</summary>
    private async Task WaitTurnAsync(long chatId, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            bool taken;
            lock (gate)
            {
                var now = time.GetUtcNow();
                var freeAt = chatFreeAt.GetValueOrDefault(chatId, DateTimeOffset.MinValue);
                taken = freeAt <= now;
                if (taken)
                {
                    var slot = NextSlot(now);
                    chatFreeAt[chatId] = DateTimeOffset.MaxValue;
                    wait = slot - now;
                    Prune(now);
                }
                else
                {
                    // A message to this chat is in flight (it ends at an unknown time) or the chat is pausing.
                    wait = freeAt == DateTimeOffset.MaxValue ? BusyPoll : freeAt - now;
                }
            }

            if (!taken)
            {
                await Task.Delay(wait, time, cancellationToken);
                continue;
            }

            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }

                return;
            }
            catch (OperationCanceledException)
            {
                Release(chatId, TimeSpan.Zero);
                throw;
            }
        }
    }

    /// <summary>Reserves the earliest start that keeps every window within its count and the spacing.</summary>
    private DateTimeOffset NextSlot(DateTimeOffset now)
    {
        var slot = Later(now, lastStart == DateTimeOffset.MinValue ? now : lastStart + settings.MinSpacing);
        if (starts.Count >= settings.PerWindow)
        {
            slot = Later(slot, starts.Dequeue() + settings.Window);
        }

        starts.Enqueue(slot);
        lastStart = slot;
        return slot;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private void Release(long chatId, TimeSpan pause)
    {
        lock (gate)
        {
            chatFreeAt[chatId] = time.GetUtcNow() + pause;
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

    private static TimeSpan RetryAfter(ApiRequestException ex) => TimeSpan.FromSeconds(ex.Parameters?.RetryAfter is { } seconds && seconds > 0 ? seconds : 1);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram asked to slow down (429): the message waits {RetryAfterSeconds} s before try {Attempt} is repeated")]
    private static partial void LogTooManyRequests(ILogger logger, double retryAfterSeconds, int attempt);
}
