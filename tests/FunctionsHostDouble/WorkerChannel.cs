using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace LoyaltyBot.FunctionsHostDouble;

/// <summary>
/// The host's end of the worker's one event stream: messages to the worker go through a channel (a gRPC stream takes
/// one writer at a time), answers are matched to their request by request id, and the worker's logs are kept.
/// </summary>
internal sealed class WorkerChannel
{
    private readonly Channel<StreamingMessage> outbound = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> pending = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RpcLog> logs = new();
    private readonly TaskCompletionSource<string> started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The worker id the worker sent in its <see cref="StartStream"/>, once it has connected.</summary>
    public Task<string> Started => started.Task;

    public IReadOnlyList<RpcLog> Logs => [.. logs];

    /// <summary>Sends <paramref name="message"/> with a fresh request id and waits for the worker's answer to it.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage message, CancellationToken cancellationToken)
    {
        message.RequestId = Guid.NewGuid().ToString();
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[message.RequestId] = answer;
        try
        {
            await outbound.Writer.WriteAsync(message, cancellationToken);
            return await answer.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            pending.TryRemove(message.RequestId, out _);
        }
    }

    /// <summary>Sends <paramref name="message"/> without waiting for an answer (the worker sends none to a terminate).</summary>
    public ValueTask SendAsync(StreamingMessage message, CancellationToken cancellationToken) => outbound.Writer.WriteAsync(message, cancellationToken);

    /// <summary>Serves one worker's <c>EventStream</c> call until the worker or the host ends it.</summary>
    internal async Task ServeAsync(IAsyncStreamReader<StreamingMessage> fromWorker, IServerStreamWriter<StreamingMessage> toWorker, CancellationToken cancellationToken)
    {
        if (!await fromWorker.MoveNext(cancellationToken) || fromWorker.Current.StartStream is not { } start)
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.FailedPrecondition, "A worker opens its stream with StartStream."));
        }

        started.TrySetResult(start.WorkerId);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = WriteAsync(toWorker, stop.Token);
        try
        {
            while (await fromWorker.MoveNext(cancellationToken))
            {
                Receive(fromWorker.Current);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await writing;
            foreach (var (_, answer) in pending)
            {
                answer.TrySetException(new InvalidOperationException("The worker closed its stream before it answered."));
            }
        }
    }

    private void Receive(StreamingMessage message)
    {
        if (message.ContentCase == StreamingMessage.ContentOneofCase.RpcLog)
        {
            logs.Enqueue(message.RpcLog);
        }
        else if (pending.TryGetValue(message.RequestId, out var answer))
        {
            answer.TrySetResult(message);
        }
    }

    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> toWorker, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in outbound.Reader.ReadAllAsync(cancellationToken))
            {
                await toWorker.WriteAsync(message, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The stream ended.
        }
    }
}
