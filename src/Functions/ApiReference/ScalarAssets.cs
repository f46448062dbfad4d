using System.IO.Compression;
using Microsoft.Net.Http.Headers;
using Scalar.AspNetCore;

namespace LoyaltyBot.Functions.ApiReference;

/// <summary>
/// The files of Scalar's API reference that the page loads, served from the Scalar.AspNetCore package (which carries
/// them gzipped) by the app itself: nothing comes from another origin.
/// </summary>
public static class ScalarAssets
{
    public const string Script = "scalar.js";
    public const string Icon = "favicon.svg";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [Script] = "text/javascript; charset=utf-8",
        [Icon] = "image/svg+xml",
    };

    /// <summary>The asset, gzipped when the client takes gzip (every browser does); 404 problem+json for any other name.</summary>
    public static IResult Serve(string name, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var gzipped = ContentTypes.TryGetValue(name, out var contentType)
            ? typeof(ScalarOptions).Assembly.GetManifestResourceStream($"ScalarStaticAssets.{name}")
            : null;
        if (gzipped is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"The API reference has no file '{name}'.");
        }

        var response = request.HttpContext.Response;
        response.Headers.CacheControl = "public, max-age=3600";
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (request.Headers.AcceptEncoding.Any(value => value?.Contains("gzip", StringComparison.OrdinalIgnoreCase) == true))
        {
            response.Headers.ContentEncoding = "gzip";
            return Results.Stream(gzipped, contentType);
        }

        return Results.Stream(new GZipStream(gzipped, CompressionMode.Decompress), contentType);
    }
}
