using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LoyaltyBot.SampleWorker;

/// <summary>One function per trigger kind the app uses; each logs what it received so a test can see it arrived.</summary>
public sealed partial class SampleFunctions(ILogger<SampleFunctions> logger)
{
    [Function("Greet")]
    public IActionResult Greet([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "greet/{name}")] HttpRequest request, string name)
    {
        var invocationId = request.Headers["x-ms-invocation-id"].ToString();
        LogGreeted(name, invocationId);
        return new OkObjectResult(new { greeting = $"Hello, {name}", method = request.Method });
    }

    [Function("Echo")]
    public void Echo([QueueTrigger("samples")] QueueMessage message)
    {
        // A message that says "fail" stands for one the handler can never apply.
        if (message.MessageText == "fail")
        {
            throw new InvalidOperationException("This message can never be applied.");
        }

        LogEchoed(message.MessageText, message.DequeueCount);
    }

    [Function("Tick")]
    public void Tick([TimerTrigger("%TickSchedule%")] TimerInfo timer) => LogTicked(timer.IsPastDue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Greeted {Name} for invocation {InvocationId}")]
    private partial void LogGreeted(string name, string invocationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Echoed {Text} on delivery {DequeueCount}")]
    private partial void LogEchoed(string text, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticked, past due: {IsPastDue}")]
    private partial void LogTicked(bool isPastDue);
}
