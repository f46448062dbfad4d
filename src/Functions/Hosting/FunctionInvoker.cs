using System.Collections.Concurrent;
using System.Diagnostics;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// Runs a queue or timer function's handler, whoever triggered it: the Functions host, a standalone listener or
/// scheduler, or an operator. One DI scope per run; runs of the same timer function never overlap.
/// </summary>
public sealed partial class FunctionInvoker(
    IServiceScopeFactory scopes, FunctionCatalog catalog, IEnumerable<FunctionHandlerRegistration> registrations, ILogger<FunctionInvoker> logger)
{
    private readonly HashSet<string> registered = new(registrations.Select(r => r.FunctionName), StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> timerGates = new(StringComparer.OrdinalIgnoreCase);

    public FunctionCatalog Catalog => catalog;

    public bool HasHandler(string functionName) => registered.Contains(functionName);

    /// <summary>Runs the handler and returns what it returned; throws what it threw, or <see cref="FunctionHandlerMissingException"/>.</summary>
    public async Task<object?> InvokeAsync(FunctionDeclaration function, FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(invocation);
        if (function.IsHttp)
        {
            throw new InvalidOperationException($"Function {function.Name} is an HTTP function; its endpoint runs it.");
        }

        if (!HasHandler(function.Name))
        {
            LogHandlerMissing(logger, function.Name);
            throw new FunctionHandlerMissingException(function.Name);
        }

        var gate = function.Trigger is TimerTrigger ? timerGates.GetOrAdd(function.Name, _ => new SemaphoreSlim(1, 1)) : null;
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredKeyedService<IFunctionHandler>(function.Name);
            var result = await handler.RunAsync(invocation, cancellationToken);
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogSucceeded(logger, function.Name, invocation.MessageId, invocation.DequeueCount, elapsedMs);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(logger, function.Name, invocation.MessageId, invocation.DequeueCount, elapsedMs, ex);
            throw;
        }
        finally
        {
            gate?.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} has no handler registered; the invocation fails")]
    private static partial void LogHandlerMissing(ILogger logger, string functionName);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Function {FunctionName} succeeded (message {MessageId}, try {DequeueCount}) in {ElapsedMs:F0} ms")]
    private static partial void LogSucceeded(ILogger logger, string functionName, string? messageId, long dequeueCount, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {FunctionName} failed (message {MessageId}, try {DequeueCount}) after {ElapsedMs:F0} ms")]
    private static partial void LogFailed(ILogger logger, string functionName, string? messageId, long dequeueCount, double elapsedMs, Exception exception);
}
