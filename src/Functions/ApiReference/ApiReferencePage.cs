using System.Net;
using System.Text.Json;

namespace LoyaltyBot.Functions.ApiReference;

/// <summary>
/// The browsable reference of the app's APIs: Scalar's page over the OpenAPI documents, with every file from the app
/// (no web fonts, no telemetry, no assistant, which Scalar would otherwise fetch from its own servers).
/// </summary>
public static class ApiReferencePage
{
    public const string Path = "/api/reference";

    private static readonly (string Slug, string Title)[] Documents =
    [
        (ApiDocuments.Merchant, "Merchant API"),
        (ApiDocuments.Admin, "Admin API"),
    ];

    public static IResult Serve() => Results.Content(Html, "text/html; charset=utf-8");

    private static readonly string Html = $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>LoyaltyBot API reference</title>
          <link rel="icon" href="{{Path}}/{{ScalarAssets.Icon}}" />
        </head>
        <body>
          <div id="app"></div>
          <script src="{{Path}}/{{ScalarAssets.Script}}"></script>
          <script>Scalar.createApiReference('#app', {{Configuration()}});</script>
        </body>
        </html>
        """;

    private static string Configuration() => JsonSerializer.Serialize(new
    {
        sources = Documents.Select(d => new { slug = d.Slug, title = d.Title, url = ApiDocuments.UrlOf(d.Slug) }),
        favicon = $"{Path}/{ScalarAssets.Icon}",
        withDefaultFonts = false,
        telemetry = false,
        showDeveloperTools = "never",
        agent = new { disabled = true },
    });
}
