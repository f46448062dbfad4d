using System.Text.Json;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// Every JSON body the app takes from outside, read one way: sent as <c>application/json</c> (or with no type), valid
/// JSON, and no property repeated in any object. Parsers disagree on which of two equal keys wins (the first, the last,
/// an error), so <c>{"amount":100,"amount":900000}</c> could mean one thing to a till's log and another here: it is
/// refused, naming the repeated property's path. Each refusal is RFC 9457 problem+json.
/// </summary>
public static class JsonBody
{
    public const string MediaType = "application/json";

    public const string SendAsJson = $"Send the body as {MediaType}.";

    /// <summary>Deep enough for every document the app takes (the program's rules nest 4 levels).</summary>
    public const int MaxDepth = 16;

    /// <summary>True when the body is declared JSON, or not declared at all.</summary>
    public static bool IsJson(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContentType is not { } type || type.StartsWith(MediaType, StringComparison.OrdinalIgnoreCase);
    }

    public static IResult UnsupportedMediaType() => Results.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: SendAsJson);

    /// <summary>
    /// The body as a JSON document, or the refusal to answer: 415 for another media type, 400 naming <c>$</c> or the repeated
    /// property. When <paramref name="optional"/>, an empty body is no document and no refusal.
    /// </summary>
    public static async Task<(JsonDocument? Document, IResult? Refusal)> ReadAsync(HttpRequest request, CancellationToken cancellationToken, bool optional = false)
    {
        if (!IsJson(request))
        {
            return (null, UnsupportedMediaType());
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        return optional && bytes.Span.Trim(" \t\r\n"u8).IsEmpty ? (null, null) : Parse(bytes);
    }

    /// <summary>The bytes as a JSON document, or a 400 naming <c>$</c> (not JSON) or the first repeated property.</summary>
    public static (JsonDocument? Document, IResult? Refusal) Parse(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            return (null, Invalid("Malformed JSON", "$", $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})"));
        }

        if (FindRepeatedProperty(document.RootElement) is { } repeated)
        {
            document.Dispose();
            return (null, Invalid("Repeated property", repeated, "appears more than once; each property may appear only once"));
        }

        return (document, null);
    }

    /// <summary>
    /// The path (<c>amount</c>, <c>items[2].sku</c>) of the first property that repeats a name of its object, or null.
    /// Names are compared ignoring case: the admin API reads them so, and a till's parser may too.
    /// </summary>
    public static string? FindRepeatedProperty(JsonElement element) =>
        RepeatedIn(element) is { } found ? (found.IsIndex ? "$" : "") + found.Path : null;

    /// <summary>The repeated property's path below <paramref name="element"/>, built only once one is found: a body without one allocates no path.</summary>
    private static (string Path, bool IsIndex)? RepeatedIn(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                HashSet<string>? names = null;
                foreach (var property in element.EnumerateObject())
                {
                    names ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    if (!names.Add(property.Name))
                    {
                        return (property.Name, false);
                    }

                    if (RepeatedIn(property.Value) is { } inner)
                    {
                        return (property.Name + (inner.IsIndex ? "" : ".") + inner.Path, false);
                    }
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (RepeatedIn(item) is { } inner)
                    {
                        return ($"[{i}]" + (inner.IsIndex ? "" : ".") + inner.Path, true);
                    }

                    i++;
                }

                return null;
            default:
                return null;
        }
    }

    private static IResult Invalid(string title, string field, string message) => Results.ValidationProblem(
        new Dictionary<string, string[]> { [field] = [message] }, title: title, detail: $"{field} {message}.");
}
