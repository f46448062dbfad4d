namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// Every 4xx and 5xx the app answers is RFC 9457 problem+json, the framework's own too: an unknown route (404), a method
/// the route lacks (405), a body type an endpoint does not accept (415), a query that does not bind (400), and an
/// unhandled exception (500, which tells nothing of the exception: the log has it).
/// </summary>
public static class ProblemAnswers
{
    public static IServiceCollection AddProblemAnswers(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Every endpoint that declares a body type takes JSON: say so, as the endpoints' own checks do.
            if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
            {
                context.ProblemDetails.Detail ??= JsonBody.SendAsJson;
            }
        });

    /// <summary>
    /// Ahead of every endpoint, so it sees each exception and each error answered without a body. In every environment:
    /// the developer exception page would echo the request's headers, secrets included.
    /// </summary>
    public static IApplicationBuilder UseProblemAnswers(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // A bad request the framework raises (a body too large or unreadable, a parameter that does not bind) keeps its 4xx.
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError });
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>The answer with <c>Retry-After</c> in whole seconds (at least one): when the client may send the request again.</summary>
    public static IResult WithRetryAfter(this IResult answer, TimeSpan retryAfter) => new RetryAfterAnswer(answer, retryAfter);

    private sealed class RetryAfterAnswer(IResult answer, TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return answer.ExecuteAsync(httpContext);
        }
    }
}
