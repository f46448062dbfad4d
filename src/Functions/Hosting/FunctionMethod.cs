using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// Runs a <c>[Function]</c> method standalone, as the worker would: an instance of its class made from the services (the
/// worker's function activator does the same), its parameters bound from the trigger, its task awaited.
/// </summary>
public static class FunctionMethod
{
    /// <summary>Invokes the method; <paramref name="bind"/> gives each parameter's value. Returns what the method returned.</summary>
    public static async Task<object?> InvokeAsync(MethodInfo method, IServiceProvider services, Func<ParameterInfo, object?> bind)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(bind);
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
        object? returned;
        try
        {
            returned = method.Invoke(target, [.. method.GetParameters().Select(bind)]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }

        if (returned is not Task task)
        {
            return returned;
        }

        await task;
        var type = task.GetType();
        return type.IsGenericType && type.GetProperty(nameof(Task<object>.Result)) is { } result && result.PropertyType.Name != "VoidTaskResult" ? result.GetValue(task) : null;
    }

    /// <summary>The value of a queue or timer function's parameter: the message text, its insertion time, a <see cref="TimerInfo"/>, the token.</summary>
    public static object? BindTrigger(ParameterInfo parameter, FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(invocation);
        return parameter.ParameterType switch
        {
            var t when t == typeof(CancellationToken) => cancellationToken,
            var t when t == typeof(TimerInfo) => new TimerInfo(),
            var t when t == typeof(string) && parameter.GetCustomAttribute<QueueTriggerAttribute>() is not null => invocation.Input,
            // The queue trigger's binding data, by name, as the worker binds it.
            var t when t == typeof(DateTimeOffset?) && parameter.Name == "insertionTime" => invocation.InsertedOn,
            _ => throw new InvalidOperationException($"Function {invocation.FunctionName}: the standalone host cannot bind parameter {parameter.Name}."),
        };
    }

    /// <summary>The value of an HTTP function's parameter: the request, or the request's token.</summary>
    public static object? BindHttp(ParameterInfo parameter, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(http);
        return parameter.ParameterType switch
        {
            var t when t == typeof(HttpRequest) => http.Request,
            var t when t == typeof(CancellationToken) => http.RequestAborted,
            var t when t == typeof(string) && http.GetRouteValue(parameter.Name!) is { } value => value.ToString(),
            _ => throw new InvalidOperationException($"The standalone host cannot bind parameter {parameter.Name} of {parameter.Member.Name}."),
        };
    }
}

/// <summary>A queue or timer <c>[Function]</c> method as the standalone host's handler of its function.</summary>
public sealed class FunctionMethodHandler(IServiceProvider services, FunctionDeclaration function) : IFunctionHandler
{
    public Task<object?> RunAsync(FunctionInvocation invocation, CancellationToken cancellationToken) =>
        FunctionMethod.InvokeAsync(function.Method!, services, parameter => FunctionMethod.BindTrigger(parameter, invocation, cancellationToken));
}
