using System.Diagnostics;
using LoyaltyBot.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// Under a Functions host: the isolated worker with ASP.NET Core integration. The host owns the triggers and forwards each
/// HTTP request to the worker's own listener; the worker runs the <c>[Function]</c> methods.
/// </summary>
public static class WorkerHost
{
    /// <summary>
    /// The answers the standalone host gives, given here too: problem+json for every 4xx and 5xx, the request bound and the
    /// 503 of a storage outage, the admin key on admin functions.
    /// </summary>
    public static IHostApplicationBuilder AddWorkerAnswers(this Microsoft.Azure.Functions.Worker.Builder.FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSettingDefaults();
        builder.UseMiddleware<HttpFunctionAnswers>();
        // The worker's ASP.NET Core pipeline is fixed (routing, then the function); a startup filter goes in front of it.
        builder.Services.AddTransient<IStartupFilter, AnswersInFront>();
        return builder;
    }

    private sealed class AnswersInFront : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseProblemAnswers();
            app.UseRequestTimeouts();
            next(app);
        };
    }
}

/// <summary>
/// A worker middleware around every HTTP function: refuses an admin function without the admin key or a dashboard session (401 problem+json), and
/// turns a failure into the answer the standalone host gives (503 for a storage outage or the request's bound, else 500),
/// because under the worker a function's exception never reaches the ASP.NET Core pipeline.
/// </summary>
public sealed partial class HttpFunctionAnswers(FunctionCatalog catalog, IConfiguration configuration, TimeProvider time, ILogger<HttpFunctionAnswers> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        if (catalog.TryGet(context.FunctionDefinition.Name, out var function) && function.RequiresAdminKey
            && !AdminKey.IsOperator(http.Request, configuration, time))
        {
            context.GetInvocationResult().Value = AdminKey.Refusal();
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            if (StorageOutage.Answer(http, ex) is { } unavailable)
            {
                context.GetInvocationResult().Value = unavailable;
                return;
            }

            LogFailed(logger, context.FunctionDefinition.Name, Activity.Current?.TraceId.ToString(), ex);
            context.GetInvocationResult().Value = Results.Problem(statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed (trace {TraceId})")]
    private static partial void LogFailed(ILogger logger, string functionName, string? traceId, Exception exception);
}
