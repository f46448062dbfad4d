using System.Text.Json;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Merchants;

namespace LoyaltyBot.Functions.Admin;

/// <summary>
/// What the program owner's HTTP API under <c>/api/admin</c> shares (<see cref="AdminFunctions"/>): errors are RFC 9457
/// problem+json.
/// </summary>
public static class AdminEndpoints
{
    /// <summary>The request body as JSON, or the refusal to answer (<see cref="JsonBody"/>).</summary>
    internal static Task<(JsonDocument? Document, IResult? Refusal)> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken) =>
        JsonBody.ReadAsync(request, cancellationToken);

    /// <summary>400 with every problem by field: <c>{"errors": {"field": ["message"]}}</c>.</summary>
    internal static IResult Invalid(FieldErrors errors) => Results.ValidationProblem(errors.ToDictionary());

    /// <summary>
    /// Whether <paramref name="body"/> is an object whose fields are all among <paramref name="fields"/>; each field that is
    /// not (a misspelling would otherwise be silently ignored) is added to <paramref name="errors"/>.
    /// </summary>
    internal static bool IsObjectOf(JsonElement body, string[] fields, string what, FieldErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", $"the body must be a JSON object with the fields {string.Join(", ", fields)}");
            return false;
        }

        foreach (var unknown in body.EnumerateObject().Select(p => p.Name).Where(p => !fields.Contains(p, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add(unknown, $"is not {what} field; the fields are {string.Join(", ", fields)}");
        }

        return true;
    }

    internal static IResult NotFound(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);
}
