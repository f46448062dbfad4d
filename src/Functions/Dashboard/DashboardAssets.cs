using System.Text;

namespace LoyaltyBot.Functions.Dashboard;

/// <summary>
/// The dashboard's files, embedded in the app at build (Chart.js from the repository's pinned npm package, see the
/// project file): the app serves every one itself and the page's policy lets the browser load nothing from elsewhere.
/// </summary>
public static class DashboardAssets
{
    public const string Path = "/api/dashboard";

    public static readonly string Dashboard = Read("dashboard.html");

    public static readonly string SignIn = Read("signin.html");

    /// <summary>The sign-in form again, saying the key was wrong.</summary>
    public static readonly string SignInRefused = SignIn.Replace("<p id=\"signin-error\" hidden", "<p id=\"signin-error\"", StringComparison.Ordinal);

    // Scripts, styles and images from the app's origin only; no inline script, no frames, no form posting elsewhere.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["dashboard.js"] = "text/javascript; charset=utf-8",
        ["dashboard.css"] = "text/css; charset=utf-8",
        ["chart.js"] = "text/javascript; charset=utf-8",
    };

    /// <summary>A page, never cached: whether it is the dashboard or the sign-in form depends on the session.</summary>
    public static IResult Page(string html, HttpRequest request, int statusCode = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    /// <summary>A script or style of the page; 404 problem+json for any other name.</summary>
    public static IResult Serve(string name, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stream = ContentTypes.TryGetValue(name, out var contentType) ? Open(name) : null;
        if (stream is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"The dashboard has no file '{name}'.");
        }

        request.HttpContext.Response.Headers.CacheControl = "public, max-age=3600";
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Stream(stream, contentType);
    }

    private static Stream? Open(string name) => typeof(DashboardAssets).Assembly.GetManifestResourceStream($"Dashboard.{name}");

    private static string Read(string name)
    {
        using var reader = new StreamReader(Open(name) ?? throw new InvalidOperationException($"The app was built without Dashboard.{name}."));
        return reader.ReadToEnd();
    }
}
