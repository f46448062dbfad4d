namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// Runs one timer function standalone on its NCRONTAB schedule (UTC). Runs never overlap: the next occurrence is
/// computed after a run ends, so occurrences that pass during a long run are skipped rather than queued up, and
/// <see cref="FunctionInvoker"/> keeps an operator's run and a scheduled one apart. A single process needs no lease
/// (the Functions host takes a blob lease because it may run on many instances). Missed runs while the app was down
/// are not caught up: the jobs look back far enough themselves.
/// </summary>
public sealed partial class TimerScheduler : BackgroundService
{
    /// <summary>Waits are cut into pieces no longer than this, so a clock change or a yearly schedule is handled.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    private readonly FunctionDeclaration function;
    private readonly CronSchedule schedule;
    private readonly FunctionInvoker invoker;
    private readonly TimeProvider time;
    private readonly ILogger<TimerScheduler> logger;

    public TimerScheduler(FunctionDeclaration function, FunctionInvoker invoker, TimeProvider time, ILogger<TimerScheduler> logger)
    {
        ArgumentNullException.ThrowIfNull(function);
        this.function = function;
        schedule = CronSchedule.Parse((function.Trigger as TimerTrigger ?? throw new ArgumentException($"Function {function.Name} is not a timer function.", nameof(function))).Schedule);
        this.invoker = invoker;
        this.time = time;
        this.logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = time.GetUtcNow();
        var first = schedule.NextAfter(last);
        LogScheduled(logger, function.Name, schedule.Expression, first);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Never the same occurrence twice, even if a delay ends a little early.
                var now = time.GetUtcNow();
                var next = schedule.NextAfter(now > last ? now : last);
                for (var wait = next - now; wait > TimeSpan.Zero; wait = next - time.GetUtcNow())
                {
                    await Task.Delay(wait < LongestWait ? wait : LongestWait, time, stoppingToken);
                }

                last = next;
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await invoker.InvokeAsync(function, new FunctionInvocation(function.Name, ""), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            // A failed run is logged by the invoker; the schedule goes on.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Function {FunctionName} runs on schedule '{Schedule}' (UTC); next at {Next:O}")]
    private static partial void LogScheduled(ILogger logger, string functionName, string schedule, DateTimeOffset next);
}
