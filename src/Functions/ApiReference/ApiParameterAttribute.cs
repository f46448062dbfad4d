using Microsoft.OpenApi;

namespace LoyaltyBot.Functions.ApiReference;

/// <summary>
/// A path or query parameter of an HTTP function, for the OpenAPI documents: the function reads its request itself, so
/// nothing else tells what it takes. A path parameter is required; a query parameter is optional unless said.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiParameterAttribute(string name, ParameterLocation location, string description, string example) : Attribute
{
    public string Name { get; } = name;

    public ParameterLocation Location { get; } = location;

    public string Description { get; } = description;

    public string Example { get; } = example;
}
