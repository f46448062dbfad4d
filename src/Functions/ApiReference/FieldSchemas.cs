using System.ComponentModel;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoyaltyBot.Functions.ApiReference;

/// <summary>The schemas of bodies and answers as the app reads and writes them.</summary>
internal static class FieldSchemas
{
    private const JsonSchemaType Numeric = JsonSchemaType.Number | JsonSchemaType.Integer;

    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // The generator allows numbers written as strings (the web defaults read them); the app's bodies refuse them.
        if (schema.Type is { } type && (type & Numeric) != 0 && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        var attributes = context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(inherit: true) ?? [];
        if (attributes.OfType<DescriptionAttribute>().LastOrDefault() is { } description)
        {
            schema.Description = description.Description;
        }

        if (attributes.OfType<ExampleAttribute>().LastOrDefault() is { } example)
        {
            schema.Examples = [JsonNode.Parse(example.Json)!];
        }

        return Task.CompletedTask;
    }
}
