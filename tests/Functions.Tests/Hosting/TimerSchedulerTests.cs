using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace LoyaltyBot.Functions.Tests.Hosting;

/// <summary>NCRONTAB schedules with seconds, the standalone scheduler, and timer runs that never overlap.</summary>
public sealed class TimerSchedulerTests
{
    private static DateTimeOffset At(int hour, int minute, int second, int millisecond = 0) =>
        new(2026, 11, 23, hour, minute, second, millisecond, TimeSpan.Zero);

    /// <summary>The schedule of a timer function as the app's setting defaults make it.</summary>
    private static CronSchedule DefaultScheduleOf(string function)
    {
        var defaults = new ConfigurationBuilder().AddInMemoryCollection(SettingDefaults.All).Build();
        var catalog = FunctionCatalog.FromAssembly(typeof(SettingDefaults).Assembly, defaults);
        return CronSchedule.Parse(((TimerTrigger)catalog[function].Trigger).Schedule);
    }

    [Fact]
    public void AScheduleGivesTheNextOccurrenceStrictlyAfterTheGivenTime()
    {
        var hourlyAtFive = CronSchedule.Parse("0 5 * * * *");

        Assert.Equal(At(10, 5, 0), hourlyAtFive.NextAfter(At(10, 4, 59, 500)));
        Assert.Equal(At(11, 5, 0), hourlyAtFive.NextAfter(At(10, 5, 0)));
        Assert.Equal(At(11, 5, 0), hourlyAtFive.NextAfter(At(10, 5, 0, 1)));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 5, 0, TimeSpan.Zero), hourlyAtFive.NextAfter(At(23, 30, 0)));
        Assert.Equal(At(10, 0, 1), CronSchedule.Parse("* * * * * *").NextAfter(At(10, 0, 0, 200)));
    }

    [Fact]
    public void AScheduleIsReadInUtcWhateverTheOffsetOfTheGivenTime()
    {
        var daily = CronSchedule.Parse("0 30 1 * * *");
        var moscowMorning = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(3));

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 1, 30, 0, TimeSpan.Zero), daily.NextAfter(moscowMorning));
    }

    [Theory]
    [InlineData("0 5 * * *")]
    [InlineData("every hour")]
    [InlineData("")]
    public void AScheduleWithoutSixFieldsIsRejected(string expression) =>
        Assert.ThrowsAny<Exception>(() => CronSchedule.Parse(expression));

    [Fact]
    public void ExpirePointsRunsHourlyAtMinuteFiveByDefault()
    {
        Assert.Equal(At(11, 5, 0), DefaultScheduleOf("ExpirePoints").NextAfter(At(10, 5, 0)));
    }

    [Fact]
    public void KpiRollupRunsHourlyAtMinuteFifteenByDefault()
    {
        Assert.Equal(At(11, 15, 0), DefaultScheduleOf("KpiRollup").NextAfter(At(10, 15, 0)));
    }

    [Fact]
    public void BirthdayGreetingsRunsHourlyOnTheHourByDefault()
    {
        var schedule = DefaultScheduleOf("BirthdayGreetings");

        Assert.Equal(At(11, 0, 0), schedule.NextAfter(At(10, 0, 0)));
        Assert.Equal(At(11, 0, 0), schedule.NextAfter(At(10, 30, 0)));
    }

    [Fact]
    public void ExpiryRemindersRunsHourlyAtMinuteThirtyByDefault()
    {
        var schedule = DefaultScheduleOf("ExpiryReminders");

        Assert.Equal(At(10, 30, 0), schedule.NextAfter(At(10, 5, 0)));
        Assert.Equal(At(11, 30, 0), schedule.NextAfter(At(10, 30, 0)));
    }

    [Fact]
    public void TierReviewRunsHourlyAtMinuteTwentyByDefault()
    {
        var schedule = DefaultScheduleOf("TierReview");

        Assert.Equal(At(10, 20, 0), schedule.NextAfter(At(10, 0, 0)));
        Assert.Equal(At(11, 20, 0), schedule.NextAfter(At(10, 20, 0)));
    }

    [Fact]
    public async Task TheSchedulerRunsTheHandlerOnSchedule()
    {
        var function = FunctionDeclaration.Timer("TestTimerEverySecond", "* * * * * *");
        var ran = new TaskCompletionSource<FunctionInvocation>(TaskCreationOptions.RunContinuationsAsynchronously);
        var harness = await FunctionsHarness.StartAsync(new FunctionCatalog([function]), services => services.AddFunctionHandler(function, (_, invocation, _) =>
        {
            ran.TrySetResult(invocation);
            return Task.FromResult<object?>(null);
        }));

        using var scheduler = harness.Scheduler(function);
        await scheduler.StartAsync(CancellationToken.None);
        var invocation = await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await scheduler.StopAsync(CancellationToken.None);

        Assert.Equal(function.Name, invocation.FunctionName);
        Assert.Equal("", invocation.Input);
    }

    [Fact]
    public async Task TwoRunsOfOneTimerFunctionNeverOverlap()
    {
        var function = FunctionDeclaration.Timer("TestTimerGate", "0 0 0 1 1 *");
        var running = 0;
        var mostAtOnce = 0;
        var firstEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entries = 0;
        var harness = await FunctionsHarness.StartAsync(new FunctionCatalog([function]), services => services.AddFunctionHandler(function, async (_, _, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            if (Interlocked.Increment(ref entries) == 1)
            {
                firstEntered.TrySetResult();
                await releaseFirst.Task;
            }

            Interlocked.Decrement(ref running);
            return null;
        }));

        var first = harness.Invoker.InvokeAsync(function, new FunctionInvocation(function.Name, ""), CancellationToken.None);
        await firstEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = harness.Invoker.InvokeAsync(function, new FunctionInvocation(function.Name, ""), CancellationToken.None);
        // The behaviour under test is that nothing happens: give the second invocation a window in which it could wrongly start.
        await Task.WhenAny(second, Task.Delay(200));
        var secondStartedWhileFirstRan = Volatile.Read(ref entries) > 1;
        releaseFirst.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(secondStartedWhileFirstRan);
        Assert.Equal(2, entries);
        Assert.Equal(1, mostAtOnce);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
