namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// Standalone only: a <see cref="QueueListener"/> per queue function and a <see cref="TimerScheduler"/> per timer
/// function that has a handler. A function without one is left alone (its messages wait in the queue) and said so
/// at start-up. An operator can stop and start one function's trigger while the app runs (<see cref="SetEnabledAsync"/>),
/// as flipping <c>AzureWebJobs.&lt;Name&gt;.Disabled</c> does under the Functions host.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification =
    "The semaphore holds nothing to free unless its wait handle is read; disposing it let a host stopped after its container disposed it throw.")]
public sealed partial class StandaloneTriggers(IServiceProvider services, FunctionInvoker invoker, IConfiguration configuration, ILogger<StandaloneTriggers> logger) : IHostedService
{
    private readonly Dictionary<string, BackgroundService> running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim changing = new(1, 1);

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

            await SetEnabledAsync(function, enabled: true, cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await changing.WaitAsync(cancellationToken);
        try
        {
            await Task.WhenAll(running.Values.Select(trigger => trigger.StopAsync(cancellationToken)));
            foreach (var trigger in running.Values)
            {
                trigger.Dispose();
            }

            running.Clear();
        }
        finally
        {
            changing.Release();
        }
    }

    public bool IsRunning(string functionName)
    {
        lock (running)
        {
            return running.ContainsKey(functionName);
        }
    }

    /// <summary>
    /// Starts or stops the trigger of one queue or timer function that has a handler; stopping lets the messages in hand
    /// finish (or give up their lease, to come back later). Doing what is already so does nothing.
    /// </summary>
    public async Task SetEnabledAsync(FunctionDeclaration function, bool enabled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        await changing.WaitAsync(cancellationToken);
        try
        {
            if (enabled == IsRunning(function.Name))
            {
                return;
            }

            if (enabled)
            {
                BackgroundService trigger = function.Trigger switch
                {
                    QueueTrigger => ActivatorUtilities.CreateInstance<QueueListener>(services, function),
                    TimerTrigger => ActivatorUtilities.CreateInstance<TimerScheduler>(services, function),
                    _ => throw new InvalidOperationException($"Function {function.Name} has a trigger the standalone host cannot run."),
                };
                await trigger.StartAsync(cancellationToken);
                lock (running)
                {
                    running.Add(function.Name, trigger);
                }

                return;
            }

            BackgroundService stopped;
            lock (running)
            {
                stopped = running[function.Name];
                running.Remove(function.Name);
            }

            await stopped.StopAsync(cancellationToken);
            stopped.Dispose();
            LogStopped(logger, function.Name);
        }
        finally
        {
            changing.Release();
        }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Function {FunctionName} was disabled by an operator: it is not triggered until enabled again")]
    private static partial void LogStopped(ILogger logger, string functionName);

    // Information, not a warning: the one function without a handler is SendNotification with the bot off, as configured.
    [LoggerMessage(Level = LogLevel.Information, Message = "Function {FunctionName} has no handler in this configuration: it is not triggered, and its messages wait in the queue")]
    private static partial void LogNoHandler(ILogger logger, string functionName);
}
