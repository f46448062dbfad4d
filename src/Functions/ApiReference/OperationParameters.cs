using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoyaltyBot.Functions.ApiReference;

/// <summary>
/// The parameters of a function's operation: each <c>{name}</c> of its route, and the query parameters its
/// <see cref="ApiParameterAttribute"/>s name, described by those attributes.
/// </summary>
internal static partial class OperationParameters
{
    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var described = context.Description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault()
            ?.GetCustomAttributes<ApiParameterAttribute>().ToList() ?? [];
        var inPath = RouteParameter().Matches(context.Description.RelativePath ?? "").Select(m => m.Groups["name"].Value).ToList();
        operation.Parameters ??= [];
        foreach (var name in inPath)
        {
            operation.Parameters.Add(Parameter(name, ParameterLocation.Path, described.FirstOrDefault(p => p.Name == name)));
        }

        foreach (var query in described.Where(p => p.Location == ParameterLocation.Query))
        {
            operation.Parameters.Add(Parameter(query.Name, ParameterLocation.Query, query));
        }

        return Task.CompletedTask;
    }

    private static OpenApiParameter Parameter(string name, ParameterLocation location, ApiParameterAttribute? description) => new()
    {
        Name = name,
        In = location,
        Required = location == ParameterLocation.Path,
        Description = description?.Description,
        Example = description is null ? null : JsonValue.Create(description.Example),
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    [GeneratedRegex(@"\{(?<name>\w+)\??\}")]
    private static partial Regex RouteParameter();
}
