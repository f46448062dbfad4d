using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoyaltyBot.Functions.ApiReference;

/// <summary>
/// The app's OpenAPI documents (<c>GET /api/openapi/{name}.json</c>), generated from the HTTP functions' descriptions
/// (<see cref="Hosting.FunctionDescriptions"/>): what every document shares.
/// </summary>
public static class ApiDocuments
{
    public const string Merchant = "merchant";
    public const string Admin = "admin";

    /// <summary>Where a document is served, in both modes.</summary>
    public static string UrlOf(string name) => $"/api/openapi/{name}.json";

    /// <summary>
    /// A document of the functions under <c>/{pathPrefix}</c>, each operation with its path and query parameters, its
    /// examples, and the problem+json answers every function can give; <paramref name="configure"/> adds what is the
    /// document's own.
    /// </summary>
    public static IServiceCollection AddApiDocument(
        this IServiceCollection services, string name, string pathPrefix, OpenApiInfo info, string schemeName, OpenApiSecurityScheme scheme,
        Action<OpenApiOptions>? configure = null) =>
        services.AddOpenApi(name, options =>
        {
            options.ShouldInclude = endpoint => endpoint.RelativePath?.StartsWith(pathPrefix, StringComparison.Ordinal) == true;
            options.AddSchemaTransformer(FieldSchemas.TransformAsync);
            options.AddOperationTransformer(OperationParameters.TransformAsync);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = info;
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[schemeName] = scheme;
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(schemeName, document)] = [] }];
                StandardAnswers.AddTo(document);
                return Task.CompletedTask;
            });
            configure?.Invoke(options);
        });

    /// <summary>The document as JSON (OpenAPI 3.1).</summary>
    public static async Task<IResult> ServeAsync(IServiceProvider services, string name, CancellationToken cancellationToken)
    {
        var document = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>(name).GetOpenApiDocumentAsync(cancellationToken);
        using var json = new MemoryStream();
        await document.SerializeAsJsonAsync(json, OpenApiSpecVersion.OpenApi3_1, cancellationToken);
        return Results.Bytes(json.ToArray(), "application/json;charset=utf-8");
    }
}
