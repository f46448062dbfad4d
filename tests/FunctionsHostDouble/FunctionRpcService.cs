using Grpc.Core;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace LoyaltyBot.FunctionsHostDouble;

/// <summary>The gRPC service the worker dials (<c>AzureFunctionsRpcMessages.FunctionRpc/EventStream</c>).</summary>
internal sealed class FunctionRpcService(WorkerChannel channel) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
        => channel.ServeAsync(requestStream, responseStream, context.CancellationToken);
}
