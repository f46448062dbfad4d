using System.Text.Json;
using LoyaltyBot.Functions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Broadcasts;

/// <summary>A queued page that can never be read; throwing it moves the message to the poison queue.</summary>
public sealed class BroadcastPageRejectedException(string message) : InvalidOperationException(message);

/// <summary>The SendBroadcast queue function: fans out one page of a broadcast's accounts onto the notifications queue.</summary>
public sealed class SendBroadcastFunction(BroadcastSender broadcasts)
{
    [Function("SendBroadcast")]
    public async Task<object?> RunAsync([QueueTrigger(QueueNames.Broadcasts)] string text, CancellationToken cancellationToken)
    {
        BroadcastPage? step;
        try
        {
            step = WireJson.Read<BroadcastPage>(text);
        }
        catch (JsonException ex)
        {
            throw new BroadcastPageRejectedException($"The message is not a broadcast page ({ex.GetType().Name} at {ex.Path}).");
        }

        if (step is not { BroadcastId.Length: > 0, Page: not null })
        {
            throw new BroadcastPageRejectedException("A broadcast page needs a broadcast id and a page.");
        }

        return await broadcasts.FanOutAsync(step, cancellationToken) is { } queued
            ? new { broadcast = step.BroadcastId, queued }
            : new { broadcast = step.BroadcastId, skipped = "done before" };
    }
}
