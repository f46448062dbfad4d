using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using LoyaltyBot.Functions.Storage;
using Microsoft.Extensions.Options;
using LoyaltyBot.Functions.Telemetry;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// Runs one queue function standalone, as the Functions host's queue trigger would: receives a batch under a lease
/// (renewed while the handler runs), deletes a message only after its handler succeeded, makes a failed one visible
/// again after <see cref="QueueListenerOptions.VisibilityTimeout"/>, and moves it to <c>&lt;queue&gt;-poison</c> when the
/// try whose dequeue count reached <see cref="QueueListenerOptions.MaxDequeueCount"/> failed too. An empty queue is
/// polled less and less often, from <see cref="QueueListenerOptions.MinPollingInterval"/> up to
/// <see cref="QueueListenerOptions.MaxPollingInterval"/>.
/// </summary>
public sealed partial class QueueListener : BackgroundService
{
    private readonly FunctionDeclaration function;
    private readonly QueueTrigger trigger;
    private readonly FunctionInvoker invoker;
    private readonly StorageAccount storage;
    private readonly QueueListenerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<QueueListener> logger;

    public QueueListener(
        FunctionDeclaration function, FunctionInvoker invoker, StorageAccount storage, IOptions<QueueListenerOptions> options, TimeProvider time, ILogger<QueueListener> logger)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(options);
        this.function = function;
        trigger = function.Trigger as QueueTrigger ?? throw new ArgumentException($"Function {function.Name} is not a queue function.", nameof(function));
        this.invoker = invoker;
        this.storage = storage;
        this.options = options.Value;
        this.options.Validate();
        this.time = time;
        this.logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = storage.Queue(trigger.QueueName);
        var idle = options.MinPollingInterval;
        var created = false;
        var running = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (!created)
                    {
                        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                        created = true;
                        LogListening(logger, function.Name, trigger.QueueName);
                    }

                    // As the Functions host does: the next batch is fetched once no more than NewBatchThreshold messages are still running,
                    // so one slow message does not hold up the whole batch.
                    await WhenAtMostAsync(running, options.EffectiveNewBatchThreshold);
                    QueueMessage[] messages = await queue.ReceiveMessagesAsync(options.BatchSize, options.LeaseDuration, stoppingToken);
                    if (messages.Length == 0)
                    {
                        await Task.Delay(idle, time, stoppingToken);
                        idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, options.MaxPollingInterval.Ticks));
                        continue;
                    }

                    idle = options.MinPollingInterval;
                    running.AddRange(messages.Select(message => ProcessAsync(queue, message, stoppingToken)));
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException or TimeoutException or OperationCanceledException)
                {
                    // Storage unreachable (a cancellation here is a storage call's own timeout) or the queue deleted under us:
                    // keep trying, as slowly as an idle queue.
                    created = created && ex is not RequestFailedException { Status: 404 };
                    LogReceiveFailed(logger, function.Name, trigger.QueueName, ex);
                    await DelayQuietlyAsync(options.MaxPollingInterval, stoppingToken);
                }
            }
        }
        finally
        {
            // Stopping: the messages in hand finish or give up their lease, as each one's ProcessAsync decides.
            await WhenAtMostAsync(running, 0);
        }
    }

    /// <summary>Waits until at most <paramref name="count"/> of <paramref name="running"/> are still running, dropping the finished ones.</summary>
    private static async Task WhenAtMostAsync(List<Task> running, int count)
    {
        running.RemoveAll(task => task.IsCompletedSuccessfully);
        while (running.Count > count)
        {
            var finished = await Task.WhenAny(running);
            running.Remove(finished);
            await finished; // ProcessAsync settles its own failures; anything else surfaces here, as it did from a whole batch.
        }

        foreach (var faulted in running.Where(task => task.IsCompleted).ToList())
        {
            running.Remove(faulted);
            await faulted;
        }
    }

    private async Task ProcessAsync(QueueClient queue, QueueMessage message, CancellationToken stoppingToken)
    {
        var invocation = new FunctionInvocation(function.Name, message.Body.ToString(), message.DequeueCount, message.MessageId, message.InsertedOn);
        using var handlerDone = new CancellationTokenSource();
        var lease = KeepLeaseAsync(queue, message, handlerDone.Token, stoppingToken);
        Exception? failure = null;
        try
        {
            await invoker.InvokeAsync(function, invocation, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-run: the message comes back when its lease ends.
            await handlerDone.CancelAsync();
            await lease;
            return;
        }
        catch (Exception ex)
        {
            // Any failure of a handler is the message's failure: it is retried, then poisoned.
            failure = ex;
        }

        await handlerDone.CancelAsync();
        var popReceipt = await lease;
        try
        {
            if (failure is null)
            {
                await queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None);
            }
            else if (message.DequeueCount >= options.MaxDequeueCount && !StorageOutage.IsOutage(failure))
            {
                await MoveToPoisonAsync(queue, message, popReceipt, failure);
            }
            else
            {
                // A try that failed for want of storage is not the message's fault: it comes back however often it was tried.
                await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: options.VisibilityTimeout, cancellationToken: CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException or OperationCanceledException)
        {
            // The lease was lost (the message was taken again) or storage is away: the message comes back when its lease
            // ends and is tried again, and handlers are idempotent.
            LogSettleFailed(logger, function.Name, message.MessageId, ex);
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueMessage message, string popReceipt, Exception failure)
    {
        var poison = storage.Queue(trigger.PoisonQueueName);
        await poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
        await queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None);
        LoyaltyMetrics.Poisoned(function.Name, trigger.QueueName);
        // The reason is the exception; the message text (which may hold personal data) is not logged.
        LogPoisoned(logger, function.Name, message.MessageId, message.DequeueCount, trigger.PoisonQueueName, failure);
    }

    /// <summary>Extends the lease at half-time until the handler is done; returns the latest pop receipt.</summary>
    private async Task<string> KeepLeaseAsync(QueueClient queue, QueueMessage message, CancellationToken handlerDone, CancellationToken stoppingToken)
    {
        var popReceipt = message.PopReceipt;
        var interval = options.LeaseDuration / 2;
        while (true)
        {
            try
            {
                await Task.Delay(interval, time, handlerDone);
            }
            catch (OperationCanceledException)
            {
                return popReceipt;
            }

            try
            {
                // Not cancelled by the handler finishing: a renewal in flight must report its new receipt.
                var renewed = await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: options.LeaseDuration, cancellationToken: stoppingToken);
                popReceipt = renewed.Value.PopReceipt;
            }
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException or OperationCanceledException)
            {
                LogLeaseRenewalFailed(logger, function.Name, message.MessageId, ex);
                return popReceipt;
            }
        }
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Function {FunctionName} listens on queue {QueueName}")]
    private static partial void LogListening(ILogger logger, string functionName, string queueName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {FunctionName} could not receive from queue {QueueName}; retrying")]
    private static partial void LogReceiveFailed(ILogger logger, string functionName, string queueName, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName}: message {MessageId} failed on try {DequeueCount} and was moved to {PoisonQueue}")]
    private static partial void LogPoisoned(ILogger logger, string functionName, string messageId, long dequeueCount, string poisonQueue, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {FunctionName}: message {MessageId} could not be deleted or released; it will be tried again")]
    private static partial void LogSettleFailed(ILogger logger, string functionName, string messageId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {FunctionName}: the lease of message {MessageId} could not be renewed")]
    private static partial void LogLeaseRenewalFailed(ILogger logger, string functionName, string messageId, Exception exception);
}
