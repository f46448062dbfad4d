using System.Diagnostics;
using System.Text.Json;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>The HTTP side of the functions host: declared HTTP routes, custom-handler invocations, the admin run.</summary>
public static partial class FunctionEndpoints
{
    public const string AdminRunRoute = "/admin/functions/{name}";


    /// <summary>Sent by the Functions host with every invocation (DefaultHttpWorkerService.AddHeaders).</summary>
    private const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    /// <summary>Maps an HTTP function at its declared path and methods, named after it, so code and function.json agree.</summary>
    public static RouteHandlerBuilder MapFunction(this IEndpointRouteBuilder endpoints, FunctionDeclaration function, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(function);
        var trigger = function.Trigger as HttpTrigger ?? throw new ArgumentException($"Function {function.Name} is not an HTTP function.", nameof(function));
        return endpoints.MapMethods(trigger.Path, trigger.Methods, handler).WithName(function.Name);
    }

    /// <summary>
    /// Maps one of an HTTP function's declared methods at one form of its route, for a function whose methods do different
    /// things (POST <c>.../redemptions</c>, DELETE <c>.../redemptions/{redemptionId}</c>): <paramref name="route"/> is the
    /// declared route with its optional last parameter left out or made required, so the Functions host still forwards
    /// every request here. Endpoint names are unique, so each takes <paramref name="endpointName"/>; the function stays one.
    /// </summary>
    public static RouteHandlerBuilder MapFunction(
        this IEndpointRouteBuilder endpoints, FunctionDeclaration function, string method, string route, string endpointName, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointName);
        var trigger = function.Trigger as HttpTrigger ?? throw new ArgumentException($"Function {function.Name} is not an HTTP function.", nameof(function));
        if (!trigger.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Function {function.Name} does not declare {method}.", nameof(method));
        }

        var declared = trigger.Route;
        string[] forms = declared.EndsWith("?}", StringComparison.Ordinal) ? [declared[..declared.LastIndexOf('/')], declared.Replace("?}", "}", StringComparison.Ordinal)] : [declared];
        if (!forms.Contains(route, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Function {function.Name} declares the route {declared}, which does not serve {route}.", nameof(route));
        }

        return endpoints.MapMethods($"/{HttpTrigger.RoutePrefix}/{route}", [method.ToUpperInvariant()], handler).WithName(endpointName);
    }

    /// <summary>
    /// Under the Functions host, <c>POST /&lt;Name&gt;</c> for each queue and timer function (the host's invocations);
    /// in both modes, <c>POST /admin/functions/{name}</c> for an operator. Also checks that every registered handler
    /// belongs to a declared queue or timer function.
    /// </summary>
    public static WebApplication MapFunctionsHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var invoker = app.Services.GetRequiredService<FunctionInvoker>();
        foreach (var registration in app.Services.GetServices<FunctionHandlerRegistration>())
        {
            if (!invoker.Catalog.TryGet(registration.FunctionName, out var declared) || declared.IsHttp)
            {
                throw new InvalidOperationException($"A handler is registered for {registration.FunctionName}, which is not a declared queue or timer function.");
            }
        }

        if (HostingMode.IsCustomHandler(app.Configuration))
        {
            foreach (var function in invoker.Catalog.All.Where(f => !f.IsHttp))
            {
                app.MapPost($"/{function.Name}", (HttpContext http, FunctionInvoker functions, ILoggerFactory loggers) =>
                        InvokeFromHostAsync(function, http, functions, loggers.CreateLogger(typeof(FunctionEndpoints)), http.RequestAborted))
                    .DisableRequestTimeout() // The host bounds its invocations itself (functionTimeout).
                    .ExcludeFromDescription();
            }
        }

        // A job runs as long as its data needs; a storage call that gets no answer still ends it with 503 (StorageOutage).
        app.MapPost(AdminRunRoute, RunNowAsync).RequireAdminKey().DisableRequestTimeout().ExcludeFromDescription();
        // Standalone: one queue or timer function's trigger stopped or started while the app runs.
        app.MapPost(AdminRunRoute + "/disable", (string name, FunctionInvoker invoker, IServiceProvider services, CancellationToken cancellationToken) =>
            SwitchAsync(name, enable: false, invoker, services, cancellationToken)).RequireAdminKey().ExcludeFromDescription();
        app.MapPost(AdminRunRoute + "/enable", (string name, FunctionInvoker invoker, IServiceProvider services, CancellationToken cancellationToken) =>
            SwitchAsync(name, enable: true, invoker, services, cancellationToken)).RequireAdminKey().ExcludeFromDescription();
        return app;
    }

    /// <summary>A custom-handler invocation: 200 with the host's answer shape when the handler succeeded, otherwise non-2xx.</summary>
    private static async Task<IResult> InvokeFromHostAsync(FunctionDeclaration function, HttpContext http, FunctionInvoker invoker, ILogger logger, CancellationToken cancellationToken)
    {
        FunctionInvocation invocation;
        try
        {
            using var payload = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
            invocation = CustomHandlerPayload.ReadInvocation(function, payload.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or OverflowException or InvalidOperationException)
        {
            LogBadInvocation(logger, function.Name, http.Request.Headers[InvocationIdHeader].ToString(), ex);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad invocation payload", detail: $"{function.Name}: {ex.GetType().Name}");
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await invoker.InvokeAsync(function, invocation, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return Results.Json(new CustomHandlerResponse(
                new Dictionary<string, object?>(),
                [$"{function.Name} succeeded on try {invocation.DequeueCount} in {elapsed:F0} ms"],
                result));
        }
        catch (FunctionHandlerMissingException)
        {
            return NoHandler(function);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Every failure must answer non-2xx: that is what retries and poisons the message. The invoker logged it.
            return Failed(function, ex);
        }
    }

    /// <summary><c>POST /admin/functions/{name}</c> with <c>{"input": "..."}</c>: runs a queue or timer function now; 202 once it finished.</summary>
    private static async Task<IResult> RunNowAsync(string name, HttpContext http, FunctionInvoker invoker, CancellationToken cancellationToken)
    {
        if (!invoker.Catalog.TryGet(name, out var function))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown function", detail: $"No function is named '{name}'.");
        }

        if (function.IsHttp)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "HTTP function",
                detail: $"{function.Name} is an HTTP function: call {((HttpTrigger)function.Trigger).Path} instead.");
        }

        var (document, refusal) = await JsonBody.ReadAsync(http.Request, cancellationToken, optional: true);
        if (refusal is not null)
        {
            return refusal;
        }

        string? input;
        using (document)
        {
            input = document is null ? "" : ReadInput(document.RootElement);
        }

        if (input is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request body",
                detail: "The body must be a JSON object like {\"input\": \"...\"} with a string input.", extensions: new Dictionary<string, object?> { ["field"] = "input" });
        }

        try
        {
            var result = await invoker.InvokeAsync(function, new FunctionInvocation(function.Name, input), cancellationToken);
            return Results.Accepted(value: new { function = function.Name, result });
        }
        catch (FunctionHandlerMissingException)
        {
            return NoHandler(function);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OperationCanceledException && !StorageOutage.IsOutage(ex))
        {
            // The invoker logged the failure; the operator gets a problem, not a dropped connection (an outage's is a 503).
            return Failed(function, ex);
        }
    }

    /// <summary>
    /// <c>POST /admin/functions/{name}/disable</c> or <c>/enable</c>: standalone, stops or starts the function's queue
    /// listener or schedule (a queue's messages wait meanwhile); 200 with <c>{"function", "enabled"}</c>. Under the
    /// Functions host, 409: there the host's <c>AzureWebJobs.&lt;Name&gt;.Disabled</c> setting does it.
    /// </summary>
    private static async Task<IResult> SwitchAsync(string name, bool enable, FunctionInvoker invoker, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!invoker.Catalog.TryGet(name, out var function))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown function", detail: $"No function is named '{name}'.");
        }

        if (function.IsHttp)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "HTTP function", detail: $"{function.Name} is an HTTP function: it has no trigger to stop.");
        }

        if (services.GetService<StandaloneTriggers>() is not { } triggers)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Triggers belong to the Functions host",
                detail: $"Set AzureWebJobs.{function.Name}.Disabled in the app settings instead.");
        }

        if (!invoker.HasHandler(function.Name))
        {
            return NoHandler(function);
        }

        await triggers.SetEnabledAsync(function, enable, cancellationToken);
        return Results.Ok(new { function = function.Name, enabled = triggers.IsRunning(function.Name) });
    }

    /// <summary>The <c>input</c> string of <c>{"input": "..."}</c> (absent or null: empty); null when the body is not that.</summary>
    private static string? ReadInput(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (!body.TryGetProperty("input", out var input) || input.ValueKind == JsonValueKind.Null)
        {
            return "";
        }

        return input.ValueKind == JsonValueKind.String ? input.GetString()! : null;
    }

    private static IResult NoHandler(FunctionDeclaration function) => Results.Problem(
        statusCode: StatusCodes.Status501NotImplemented, title: "No handler", detail: $"{function.Name} is declared but has no handler registered yet.");

    // The exception's type only: its message may carry personal data, and the log has the rest.
    private static IResult Failed(FunctionDeclaration function, Exception ex) => Results.Problem(
        statusCode: StatusCodes.Status500InternalServerError, title: "Function failed", detail: $"{function.Name} failed with {ex.GetType().Name}.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {FunctionName}: invocation {InvocationId} had a payload that could not be read")]
    private static partial void LogBadInvocation(ILogger logger, string functionName, string invocationId, Exception exception);
}
