using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// Runs a <c>[Function]</c> method standalone, as the worker would: an instance of its class made from the services (the
/// worker's function activator does the same), its parameters bound from the trigger, its task awaited.
/// </summary>
public static class FunctionMethod
{
    private static readonly ConcurrentDictionary<MethodInfo, Invoker> Invokers = new();

    /// <summary>Invokes the method; <paramref name="bind"/> gives each parameter's value. Returns what the method returned.</summary>
    public static Task<object?> InvokeAsync(MethodInfo method, IServiceProvider services, Func<ParameterInfo, object?> bind)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(bind);
        return Invokers.GetOrAdd(method, static m => new Invoker(m)).InvokeAsync(services, bind);
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

    /// <summary>
    /// What reflection tells of a method, found once: finding the class's constructor and reading the parameters on every
    /// call cost more than the call itself.
    /// </summary>
    private sealed class Invoker(MethodInfo method)
    {
        private readonly ObjectFactory? create = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
        private readonly ParameterInfo[] parameters = method.GetParameters();
        private readonly PropertyInfo? result = method.ReturnType is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(Task<>)
            ? type.GetProperty(nameof(Task<object>.Result))
            : null;

        public async Task<object?> InvokeAsync(IServiceProvider services, Func<ParameterInfo, object?> bind)
        {
            var target = create?.Invoke(services, null);
            var arguments = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                arguments[i] = bind(parameters[i]);
            }

            object? returned;
            try
            {
                returned = method.Invoke(target, arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }

            if (returned is not Task task)
            {
                return returned;
            }

            await task;
            return result?.GetValue(task);
        }
    }
}

/// <summary>A queue or timer <c>[Function]</c> method as the standalone host's handler of its function.</summary>
public sealed class FunctionMethodHandler(IServiceProvider services, FunctionDeclaration function) : IFunctionHandler
{
    public Task<object?> RunAsync(FunctionInvocation invocation, CancellationToken cancellationToken) =>
        FunctionMethod.InvokeAsync(function.Method!, services, parameter => FunctionMethod.BindTrigger(parameter, invocation, cancellationToken));
}
