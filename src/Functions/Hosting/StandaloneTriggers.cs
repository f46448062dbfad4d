namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// Standalone only: a <see cref="QueueListener"/> per queue function and a <see cref="TimerScheduler"/> per timer
/// function that has a handler. A function without one is left alone (its messages wait in the queue) and said so
/// at start-up.
/// </summary>
public sealed partial class StandaloneTriggers(IServiceProvider services, FunctionInvoker invoker, IConfiguration configuration, ILogger<StandaloneTriggers> logger) : IHostedService
{
    private readonly List<BackgroundService> running = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var function in invoker.Catalog.All.Where(f => !f.IsHttp))
        {
            if (!invoker.HasHandler(function.Name))
            {
                LogNoHandler(logger, function.Name);
                continue;
            }

            if (IsDisabled(configuration, function.Name))
            {
                LogDisabled(logger, function.Name);
                continue;
            }

            BackgroundService trigger = function.Trigger switch
            {
                QueueTrigger => ActivatorUtilities.CreateInstance<QueueListener>(services, function),
                TimerTrigger => ActivatorUtilities.CreateInstance<TimerScheduler>(services, function),
                _ => throw new InvalidOperationException($"Function {function.Name} has a trigger the standalone host cannot run."),
            };
            running.Add(trigger);
            await trigger.StartAsync(cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(running.Select(trigger => trigger.StopAsync(cancellationToken)));
        foreach (var trigger in running)
        {
            trigger.Dispose();
        }

        running.Clear();
    }

    /// <summary>The Functions host's own switch, <c>AzureWebJobs.&lt;Name&gt;.Disabled</c> (<c>AzureWebJobs__&lt;Name&gt;__Disabled</c> in the environment).</summary>
    public static bool IsDisabled(IConfiguration configuration, string functionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[$"AzureWebJobs.{functionName}.Disabled"] ?? configuration[$"AzureWebJobs:{functionName}:Disabled"];
        return bool.TryParse(value, out var disabled) ? disabled : value == "1";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Function {FunctionName} is disabled by setting AzureWebJobs.{FunctionName}.Disabled: it is not triggered")]
    private static partial void LogDisabled(ILogger logger, string functionName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {FunctionName} has no handler registered: it is not triggered, and invoking it fails")]
    private static partial void LogNoHandler(ILogger logger, string functionName);
}
