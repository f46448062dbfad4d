namespace LoyaltyBot.Functions.ApiReference;

/// <summary>An example value of a body's field in the OpenAPI documents, as JSON (<c>"\"p-1001\""</c>, <c>1250.00</c>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ExampleAttribute(string json) : Attribute
{
    public string Json { get; } = json;
}
