using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace LoyaltyBot.Functions.ApiReference;

/// <summary>
/// The problem+json answers any function of the documents can give besides its own: 415 for a body that is not JSON,
/// 500 when something failed, 503 when storage does not answer in time (with <c>Retry-After</c>).
/// </summary>
public static class StandardAnswers
{
    public const string ProblemJson = "application/problem+json";

    public static void AddTo(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var operation in Operations(document).Where(o => o.RequestBody is not null))
        {
            Add(document, operation, "415", "The body is not `application/json`.");
        }

        AddToEvery(document, "500", "Something failed; the app's log has the details.");
        foreach (var operation in Operations(document))
        {
            var unavailable = Add(document, operation, "503",
                "Storage did not answer in time; the request may or may not have been recorded: send it again, same ids, after `Retry-After` seconds.");
            unavailable.Headers ??= new Dictionary<string, IOpenApiHeader>();
            unavailable.Headers.TryAdd("Retry-After", new OpenApiHeader
            {
                Description = "Seconds to wait before sending the request again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            });
        }
    }

    /// <summary>A problem+json answer of every operation that does not describe that status itself.</summary>
    public static void AddToEvery(OpenApiDocument document, string status, string description)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var operation in Operations(document))
        {
            Add(document, operation, status, description);
        }
    }

    private static IEnumerable<OpenApiOperation> Operations(OpenApiDocument document) =>
        (document.Paths ?? []).Values.SelectMany(path => (IEnumerable<OpenApiOperation>?)path.Operations?.Values ?? []);

    private static OpenApiResponse Add(OpenApiDocument document, OpenApiOperation operation, string status, string description)
    {
        operation.Responses ??= [];
        if (operation.Responses.TryGetValue(status, out var own) && own is OpenApiResponse described)
        {
            return described;
        }

        var answer = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), document) } },
        };
        operation.Responses[status] = answer;
        return answer;
    }
}
