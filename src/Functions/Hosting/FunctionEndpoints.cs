using System.Diagnostics;
using System.Text.Json;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>The HTTP side of the standalone host: the HTTP functions' routes and the operator's function routes.</summary>
public static class FunctionEndpoints
{
    public const string AdminRunRoute = "/admin/functions/{name}";

    /// <summary>
    /// Standalone: every HTTP function of the catalog at its route and methods, running its <c>[Function]</c> method with the
    /// request (the Functions host routes the same paths to the same methods). Admin functions require the admin key.
    /// </summary>
    public static WebApplication MapHttpFunctions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var catalog = app.Services.GetRequiredService<FunctionCatalog>();
        foreach (var function in catalog.All.Where(f => f.IsHttp && f.Method is not null))
        {
            var trigger = (HttpTrigger)function.Trigger;
            foreach (var ((path, methods), i) in trigger.Paths().Select((form, i) => (form, i)))
            {
                // The method's metadata too: its [Consumes] answers a body of another type 415 before the function runs, as
                // under the host its own check does.
                var endpoint = app.MapMethods(path, methods, http => InvokeHttpAsync(function, http))
                    .WithName(i == 0 ? function.Name : $"{function.Name}{i}")
                    .WithMetadata([.. MethodScopedMetadata.For(function.Method!, methods, routing: true)])
                    .ExcludeFromDescription();
                if (function.RequiresAdminKey)
                {
                    endpoint.RequireAdminKey();
                }
            }
        }

        return app;
    }

    private static async Task InvokeHttpAsync(FunctionDeclaration function, HttpContext http)
    {
        var result = await FunctionMethod.InvokeAsync(function.Method!, http.RequestServices, parameter => FunctionMethod.BindHttp(parameter, http));
        if (result is not IResult answer)
        {
            throw new InvalidOperationException($"Function {function.Name} must return an IResult.");
        }

        await answer.ExecuteAsync(http);
    }

    /// <summary>
    /// Standalone: <c>POST /admin/functions/{name}</c> for an operator (the Functions host's admin API has the same route),
    /// and its <c>/disable</c> and <c>/enable</c>. Also checks that every registered handler belongs to a declared queue or
    /// timer function.
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

        // A job runs as long as its data needs; a storage call that gets no answer still ends it with 503 (StorageOutage).
        app.MapPost(AdminRunRoute, RunNowAsync).RequireAdminKey().DisableRequestTimeout().ExcludeFromDescription();
        // Standalone: one queue or timer function's trigger stopped or started while the app runs.
        app.MapPost(AdminRunRoute + "/disable", (string name, FunctionInvoker invoker, IServiceProvider services, CancellationToken cancellationToken) =>
            SwitchAsync(name, enable: false, invoker, services, cancellationToken)).RequireAdminKey().ExcludeFromDescription();
        app.MapPost(AdminRunRoute + "/enable", (string name, FunctionInvoker invoker, IServiceProvider services, CancellationToken cancellationToken) =>
            SwitchAsync(name, enable: true, invoker, services, cancellationToken)).RequireAdminKey().ExcludeFromDescription();
        return app;
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

}
