namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// One run of a queue or timer function. <paramref name="Input"/> is the queue message's text (already decoded from
/// Base64), or what an operator passed to <c>/admin/functions/{name}</c>;
/// empty for a scheduled timer. <paramref name="DequeueCount"/> is 1 on a message's first try; <paramref name="InsertedOn"/> is
/// when the queue took the message in.
/// </summary>
public sealed record FunctionInvocation(string FunctionName, string Input, long DequeueCount = 1, string? MessageId = null, DateTimeOffset? InsertedOn = null);

/// <summary>
/// Runs a queue or timer function. Throwing fails the invocation: the message is tried again and, after its last
/// try, moved to the poison queue. What it returns (a summary, never personal data) is reported to the caller.
/// </summary>
public interface IFunctionHandler
{
    Task<object?> RunAsync(FunctionInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>Names a function that has a handler; the handler itself is a keyed service under that name.</summary>
public sealed record FunctionHandlerRegistration(string FunctionName);

/// <summary>Thrown when a declared function is invoked before any feature registered its handler.</summary>
public sealed class FunctionHandlerMissingException(string functionName)
    : InvalidOperationException($"Function {functionName} has no handler registered.")
{
    public string FunctionName { get; } = functionName;
}

public static class FunctionHandlerServices
{
    /// <summary>Registers <typeparamref name="THandler"/> (scoped: one per invocation) as the handler of a queue or timer function.</summary>
    public static IServiceCollection AddFunctionHandler<THandler>(this IServiceCollection services, FunctionDeclaration function)
        where THandler : class, IFunctionHandler
    {
        ArgumentNullException.ThrowIfNull(function);
        services.AddKeyedScoped<IFunctionHandler, THandler>(function.Name);
        services.AddSingleton(new FunctionHandlerRegistration(function.Name));
        return services;
    }

    /// <summary>Registers a delegate as the handler of a queue or timer function.</summary>
    public static IServiceCollection AddFunctionHandler(
        this IServiceCollection services, FunctionDeclaration function, Func<IServiceProvider, FunctionInvocation, CancellationToken, Task<object?>> run)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(run);
        services.AddKeyedScoped<IFunctionHandler>(function.Name, (sp, _) => new DelegateHandler(sp, run));
        services.AddSingleton(new FunctionHandlerRegistration(function.Name));
        return services;
    }

    /// <summary>
    /// Registers every queue and timer <c>[Function]</c> method of <typeparamref name="TFunctions"/> as the standalone
    /// handler of its function (under the Functions host, the worker runs the same methods itself).
    /// </summary>
    public static IServiceCollection AddFunctionMethods<TFunctions>(this IServiceCollection services, IConfiguration settings)
        where TFunctions : class
    {
        var catalog = FunctionCatalog.FromAssembly(typeof(TFunctions).Assembly, settings);
        foreach (var function in catalog.All.Where(f => !f.IsHttp && f.Method?.DeclaringType == typeof(TFunctions)))
        {
            services.AddKeyedScoped<IFunctionHandler>(function.Name, (sp, _) => new FunctionMethodHandler(sp, function));
            services.AddSingleton(new FunctionHandlerRegistration(function.Name));
        }

        return services;
    }

    private sealed class DelegateHandler(IServiceProvider services, Func<IServiceProvider, FunctionInvocation, CancellationToken, Task<object?>> run) : IFunctionHandler
    {
        public Task<object?> RunAsync(FunctionInvocation invocation, CancellationToken cancellationToken) => run(services, invocation, cancellationToken);
    }
}
