using LoyaltyBot.Functions.Notifications;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace LoyaltyBot.Functions.Tests.Notifications;

/// <summary>The limiter on a fake clock: what starts when, for sends that all want to go at once.</summary>
public sealed class SendLimiterTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task NoWindowHoldsMoreThanItsCountAndStartsKeepTheirSpacing()
    {
        var limiter = Limiter(new NotificationSettings { MessagesPerSecond = 3, JitterMargin = TimeSpan.FromMilliseconds(50) });
        var starts = new List<DateTimeOffset>();

        var sends = Enumerable.Range(0, 10).Select(chat => limiter.SendAsync(chat, _ => Record(starts), CancellationToken.None)).ToList();
        await RunClockAsync(TimeSpan.FromSeconds(6), () => sends.All(s => s.IsCompleted));

        Assert.Equal(10, starts.Count);
        var ordered = starts.Order().ToList();
        // Slots are 1.05 s windows and 175 ms apart; a send starts when the stepping clock reaches its slot, a step late at most.
        Assert.All(ordered.Zip(ordered.Skip(3)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(1), "four starts within one second"));
        Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(100), "two starts in one burst"));
        Assert.True(ordered[^1] - ordered[0] < TimeSpan.FromSeconds(3.5), "ten starts at three a second took longer than they should");
    }

    [Fact]
    public async Task OneChatGetsOneMessageAtATimeASecondAfterTheLastEnded()
    {
        var limiter = Limiter(new NotificationSettings());
        var starts = new List<DateTimeOffset>();

        var sends = Enumerable.Range(0, 3).Select(_ => limiter.SendAsync(42, async cancellation =>
        {
            var started = await Record(starts);
            await Task.Delay(TimeSpan.FromMilliseconds(300), time, cancellation);
            return started;
        }, CancellationToken.None)).ToList();
        await RunClockAsync(TimeSpan.FromSeconds(5), () => sends.All(s => s.IsCompleted));

        var ordered = starts.Order().ToList();
        Assert.Equal(3, ordered.Count);
        Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(1300), "the next began before the last ended plus a second"));
    }

    [Fact]
    public async Task ATooManyRequestsAnswerIsWaitedOutForItsRetryAfterAndSentAgain()
    {
        var limiter = Limiter(new NotificationSettings());
        var starts = new List<DateTimeOffset>();

        var send = limiter.SendAsync(7, async _ =>
        {
            var started = await Record(starts);
            return starts.Count == 1 ? throw new ApiRequestException("Too Many Requests: retry after 3", 429, new ResponseParameters { RetryAfter = 3 }) : started;
        }, CancellationToken.None);
        await RunClockAsync(TimeSpan.FromSeconds(10), () => send.IsCompleted);

        Assert.Equal(starts[1], await send);
        Assert.True(starts[1] - starts[0] >= TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task ARetryAfterLongerThanTheLimiterWaitsFailsTheTry()
    {
        var limiter = Limiter(new NotificationSettings { MaxRetryAfter = TimeSpan.FromSeconds(60) });

        var send = limiter.SendAsync<DateTimeOffset>(7, _ => throw new ApiRequestException("Too Many Requests: retry after 600", 429, new ResponseParameters { RetryAfter = 600 }),
            CancellationToken.None);
        await RunClockAsync(TimeSpan.FromSeconds(1), () => send.IsCompleted);

        Assert.Equal(429, (await Assert.ThrowsAsync<ApiRequestException>(() => send)).ErrorCode);
    }

    /// <summary>
    /// A limiter whose sends, started after this, resume inside <see cref="FakeTimeProvider.Advance"/>: with no test
    /// synchronization context to post their continuations to, each clock step leaves them where that instant takes them.
    /// </summary>
    private SendLimiter Limiter(NotificationSettings settings)
    {
        SynchronizationContext.SetSynchronizationContext(null);
        return new(settings, time, NullLogger<SendLimiter>.Instance);
    }

    private Task<DateTimeOffset> Record(List<DateTimeOffset> starts)
    {
        lock (starts)
        {
            starts.Add(time.GetUtcNow());
        }

        return Task.FromResult(time.GetUtcNow());
    }

    /// <summary>Moves the fake clock in 5 ms steps, the sends running within each step, until <paramref name="done"/>.</summary>
    private async Task RunClockAsync(TimeSpan upTo, Func<bool> done)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < upTo && !done(); elapsed += TimeSpan.FromMilliseconds(5))
        {
            time.Advance(TimeSpan.FromMilliseconds(5));
        }

        await FunctionsHarness.EventuallyAsync(() => Task.FromResult(done()), "the sends finished within the clock's run", TimeSpan.FromSeconds(5));
    }
}
