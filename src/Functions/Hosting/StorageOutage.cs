using Azure;
using Microsoft.AspNetCore.Http.Timeouts;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// What a request does when storage does not answer: it ends after <see cref="TimeoutSetting"/> (default 5 s) with 503
/// problem+json and <c>Retry-After</c>, rather than waiting for the storage clients to give up. The request timeout
/// cancels the request's token, which every storage call takes; a storage call that fails for want of storage (no
/// connection, its own timeout, a 5xx) answers the same 503. Nothing is half-applied by it: every merchant request
/// and Telegram update may be sent again with the same id, and applies once.
/// </summary>
public static partial class StorageOutage
{
    /// <summary>The setting that bounds a request, in seconds.</summary>
    public const string TimeoutSetting = "RequestTimeoutSeconds";

    public const int DefaultTimeoutSeconds = 5;

    /// <summary>When the client should try again: an outage that lasts longer answers 503 again.</summary>
    public const int RetryAfterSeconds = 5;

    public static IServiceCollection AddStorageOutage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var seconds = configuration.GetValue(TimeoutSetting, DefaultTimeoutSeconds);
        if (seconds <= 0)
        {
            throw new InvalidOperationException($"Setting {TimeoutSetting} must be a positive number of seconds, not {seconds}.");
        }

        return services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(seconds),
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            WriteTimeoutResponse = WriteUnavailableAsync,
        });
    }

    /// <summary>Bounds every request (but those that opt out) and answers a storage failure with 503.</summary>
    public static IApplicationBuilder UseStorageOutage(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRequestTimeouts();
        app.Use(AnswerUnavailableAsync);
        return app;
    }

    /// <summary>
    /// True when <paramref name="exception"/> says storage could not be reached or could not serve: no connection (status
    /// 0), a 5xx, or the SDK's retries of those and of its own network timeouts, which it gathers in an AggregateException.
    /// </summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or >= 500,
        AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(inner => inner is OperationCanceledException || IsOutage(inner)),
        _ => false,
    };

    /// <summary>
    /// The 503 answer (with Retry-After, logged) when <paramref name="exception"/> is a storage outage or the end of the
    /// request's bound; otherwise null. Under the Functions host a function's failure never reaches the pipeline, so the
    /// worker's middleware asks this.
    /// </summary>
    public static IResult? Answer(HttpContext context, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.RequestAborted.IsCancellationRequested && exception is not OperationCanceledException && !IsOutage(exception))
        {
            return null;
        }

        LogUnavailable(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StorageOutage)), context.Request.Path, exception);
        return Unavailable();
    }

    private static async Task AnswerUnavailableAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && context.RequestAborted.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // The request's time ran out while the SDK gathered its tries in an AggregateException: the timeout middleware
            // answers only a cancellation.
            throw new OperationCanceledException("The request timed out while storage did not answer.", ex, context.RequestAborted);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested
                                   && (ex is OperationCanceledException || IsOutage(ex)))
        {
            // Not the request's own timeout: a storage call gave up first (its own timeout, no connection, a 5xx).
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await WriteUnavailableAsync(context, ex);
        }
    }

    private static Task WriteUnavailableAsync(HttpContext context) => WriteUnavailableAsync(context, null);

    private static Task WriteUnavailableAsync(HttpContext context, Exception? exception)
    {
        LogUnavailable(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StorageOutage)), context.Request.Path, exception);
        return Unavailable().ExecuteAsync(context);
    }

    private static IResult Unavailable() => Results.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Storage unavailable",
        detail: $"Storage did not answer in time. Send the same request (the same id) again after {RetryAfterSeconds} s: it applies once.")
        .WithRetryAfter(TimeSpan.FromSeconds(RetryAfterSeconds));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {Path} answered 503: storage did not answer in time")]
    private static partial void LogUnavailable(ILogger logger, PathString path, Exception? exception);
}
