using System.Collections.Concurrent;
using Azure.Storage.Queues;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace LoyaltyBot.Functions.Tests.Hosting;

/// <summary>The standalone queue trigger against Azurite: at-least-once delivery, retries, the poison queue.</summary>
public sealed class QueueListenerTests
{
    private const string Message = """{"purchaseId":"p-1","phone":"+79990001122","amount":100}""";

    [Fact]
    public async Task AMessageIsHandledOnceAndDeletedAfterTheHandlerSucceeded()
    {
        var function = FunctionDeclaration.Queue("TestQueueOnce", FunctionsHarness.UniqueQueueName("once"));
        var runs = new ConcurrentQueue<FunctionInvocation>();
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var harness = await FunctionsHarness.StartAsync(new FunctionCatalog([function]), services => services.AddFunctionHandler(function, (_, invocation, _) =>
        {
            runs.Enqueue(invocation);
            ran.TrySetResult();
            return Task.FromResult<object?>(null);
        }));
        var queue = await CreateQueueAsync(harness, function);
        await queue.SendMessageAsync(Message);

        using var listener = harness.Listener(function, FunctionsHarness.FastQueueOptions());
        await listener.StartAsync(CancellationToken.None);
        await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await FunctionsHarness.EventuallyAsync(async () => await CountAsync(queue) == 0, "the message is deleted");
        await listener.StopAsync(CancellationToken.None);

        var run = Assert.Single(runs);
        Assert.Equal(Message, run.Input);
        Assert.Equal(1, run.DequeueCount);
        Assert.False(await harness.Storage.Queue(((QueueTrigger)function.Trigger).PoisonQueueName).ExistsAsync());
    }

    [Fact]
    public async Task ASlowMessageDoesNotHoldUpTheNextBatch()
    {
        var function = FunctionDeclaration.Queue("TestQueueSlow", FunctionsHarness.UniqueQueueName("slow"));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fast = new ConcurrentQueue<string>();
        var harness = await FunctionsHarness.StartAsync(new FunctionCatalog([function]), services => services.AddFunctionHandler(function, async (_, invocation, cancellationToken) =>
        {
            if (invocation.Input == "slow")
            {
                await release.Task.WaitAsync(cancellationToken);
            }
            else
            {
                fast.Enqueue(invocation.Input);
            }

            return null;
        }));
        var queue = await CreateQueueAsync(harness, function);
        foreach (var text in new[] { "slow", "fast-1", "fast-2", "fast-3" })
        {
            await queue.SendMessageAsync(text);
        }

        var options = FunctionsHarness.FastQueueOptions();
        options.BatchSize = 2;
        options.NewBatchThreshold = 1;
        options.LeaseDuration = TimeSpan.FromSeconds(30);
        using var listener = harness.Listener(function, options);
        await listener.StartAsync(CancellationToken.None);
        await FunctionsHarness.EventuallyAsync(() => Task.FromResult(fast.Count == 3), "the three fast messages ran while the slow one still runs");
        release.SetResult();
        await FunctionsHarness.EventuallyAsync(async () => await CountAsync(queue) == 0, "every message is deleted");
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal(["fast-1", "fast-2", "fast-3"], fast.Order());
    }

    [Fact]
    public async Task AMessageThatFailsOnItsFifthTryMovesToThePoisonQueueAndNotBefore()
    {
        var function = FunctionDeclaration.Queue("TestQueuePoison", FunctionsHarness.UniqueQueueName("poison"));
        var trigger = (QueueTrigger)function.Trigger;
        var tries = new ConcurrentQueue<long>();
        var poisonedTooEarly = false;
        FunctionsHarness? harness = null;
        harness = await FunctionsHarness.StartAsync(new FunctionCatalog([function]), services => services.AddFunctionHandler(function, async (_, invocation, cancellationToken) =>
        {
            tries.Enqueue(invocation.DequeueCount);
            var poison = harness!.Storage.Queue(trigger.PoisonQueueName);
            poisonedTooEarly |= await poison.ExistsAsync(cancellationToken) && await CountAsync(poison) > 0;
            throw new InvalidOperationException($"Merchant m-1 is unknown (try {invocation.DequeueCount}).");
        }));
        var queue = await CreateQueueAsync(harness, function);
        await queue.SendMessageAsync(Message);

        using var listener = harness.Listener(function, FunctionsHarness.FastQueueOptions());
        await listener.StartAsync(CancellationToken.None);
        var poisonQueue = harness.Storage.Queue(trigger.PoisonQueueName);
        await FunctionsHarness.EventuallyAsync(async () => await poisonQueue.ExistsAsync() && await CountAsync(poisonQueue) > 0, "the message is in the poison queue");
        await FunctionsHarness.EventuallyAsync(async () => await CountAsync(queue) == 0, "the message has left the main queue");
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal([1L, 2, 3, 4, 5], tries);
        Assert.False(poisonedTooEarly);
        var poisoned = Assert.Single((await poisonQueue.ReceiveMessagesAsync(maxMessages: 32)).Value);
        Assert.Equal(Message, poisoned.Body.ToString());
        var logged = Assert.Single(harness.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(trigger.PoisonQueueName, StringComparison.Ordinal));
        Assert.IsType<InvalidOperationException>(logged.Exception);
        Assert.DoesNotContain(harness.Logs.Entries, e => e.Message.Contains("+79990001122", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMessageWhoseHandlerThrowsOnceComesBackAfterTheVisibilityTimeoutAndIsAppliedOnce()
    {
        var function = FunctionDeclaration.Queue("TestQueueRetry", FunctionsHarness.UniqueQueueName("retry"));
        var tries = new ConcurrentQueue<long>();
        var applied = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var harness = await FunctionsHarness.StartAsync(new FunctionCatalog([function]), services => services.AddFunctionHandler(function, (_, invocation, _) =>
        {
            tries.Enqueue(invocation.DequeueCount);
            if (invocation.DequeueCount == 1)
            {
                throw new TimeoutException("Storage blinked.");
            }

            Interlocked.Increment(ref applied);
            done.TrySetResult();
            return Task.FromResult<object?>(null);
        }));
        var queue = await CreateQueueAsync(harness, function);
        await queue.SendMessageAsync(Message);

        using var listener = harness.Listener(function, FunctionsHarness.FastQueueOptions(visibilityTimeout: TimeSpan.FromSeconds(1)));
        await listener.StartAsync(CancellationToken.None);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await FunctionsHarness.EventuallyAsync(async () => await CountAsync(queue) == 0, "the message is deleted");
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal([1L, 2], tries);
        Assert.Equal(1, applied);
    }

    [Fact]
    public async Task AMessageTakenByAProcessThatDiesBeforeCommittingComesBackAfterItsLeaseAndIsAppliedOnce()
    {
        var function = FunctionDeclaration.Queue("TestQueueCrash", FunctionsHarness.UniqueQueueName("crash"));
        var taken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var applied = new ConcurrentQueue<FunctionInvocation>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstProcess = true;
        var harness = await FunctionsHarness.StartAsync(new FunctionCatalog([function]), services => services.AddFunctionHandler(function, async (_, invocation, cancellationToken) =>
        {
            if (Volatile.Read(ref firstProcess))
            {
                // The first process takes the message and never gets to commit.
                taken.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            applied.Enqueue(invocation);
            done.TrySetResult();
            return null;
        }));
        var queue = await CreateQueueAsync(harness, function);
        await queue.SendMessageAsync(Message);

        var dying = harness.Listener(function, FunctionsHarness.FastQueueOptions());
        await dying.StartAsync(CancellationToken.None);
        await taken.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await dying.StopAsync(CancellationToken.None);
        dying.Dispose();
        Volatile.Write(ref firstProcess, false);

        using var next = harness.Listener(function, FunctionsHarness.FastQueueOptions());
        await next.StartAsync(CancellationToken.None);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await FunctionsHarness.EventuallyAsync(async () => await CountAsync(queue) == 0, "the message is deleted");
        await next.StopAsync(CancellationToken.None);

        var run = Assert.Single(applied);
        Assert.Equal(2, run.DequeueCount);
    }

    [Fact]
    public async Task AMessageThatIsNotBase64MovesToThePoisonQueueWithoutStoppingTheOthers()
    {
        var function = FunctionDeclaration.Queue("TestQueueEncoding", FunctionsHarness.UniqueQueueName("encoding"));
        var trigger = (QueueTrigger)function.Trigger;
        var handled = new ConcurrentQueue<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var harness = await FunctionsHarness.StartAsync(new FunctionCatalog([function]), services => services.AddFunctionHandler(function, (_, invocation, _) =>
        {
            handled.Enqueue(invocation.Input);
            done.TrySetResult();
            return Task.FromResult<object?>(null);
        }));
        var queue = await CreateQueueAsync(harness, function);
        var azurite = await Azurite.Shared;
        var raw = new QueueClient(azurite.ConnectionString, trigger.QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        await raw.SendMessageAsync("plain text, not base64 {");
        await queue.SendMessageAsync(Message);

        using var listener = harness.Listener(function, FunctionsHarness.FastQueueOptions());
        await listener.StartAsync(CancellationToken.None);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var poisonQueue = harness.Storage.Queue(trigger.PoisonQueueName);
        await FunctionsHarness.EventuallyAsync(async () => await poisonQueue.ExistsAsync() && await CountAsync(poisonQueue) > 0, "the undecodable message is in the poison queue");
        await FunctionsHarness.EventuallyAsync(async () => await CountAsync(queue) == 0, "the main queue is empty");
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal([Message], handled);
        var poisoned = Assert.Single((await poisonQueue.ReceiveMessagesAsync(maxMessages: 32)).Value);
        Assert.Equal("plain text, not base64 {", poisoned.Body.ToString());
    }

    [Fact]
    public async Task TheListenerCreatesAMissingQueue()
    {
        var function = FunctionDeclaration.Queue("TestQueueCreate", FunctionsHarness.UniqueQueueName("create"));
        var harness = await FunctionsHarness.StartAsync(new FunctionCatalog([function]), services => services.AddFunctionHandler(function, (_, _, _) => Task.FromResult<object?>(null)));
        var queue = harness.Storage.Queue(((QueueTrigger)function.Trigger).QueueName);
        Assert.False(await queue.ExistsAsync());

        using var listener = harness.Listener(function, FunctionsHarness.FastQueueOptions());
        await listener.StartAsync(CancellationToken.None);
        await FunctionsHarness.EventuallyAsync(async () => await queue.ExistsAsync(), "the queue exists");
        await listener.StopAsync(CancellationToken.None);
    }

    private static async Task<QueueClient> CreateQueueAsync(FunctionsHarness harness, FunctionDeclaration function)
    {
        var queue = harness.Storage.Queue(((QueueTrigger)function.Trigger).QueueName);
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    /// <summary>Messages in the queue, visible or not.</summary>
    private static async Task<int> CountAsync(QueueClient queue) => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
}
