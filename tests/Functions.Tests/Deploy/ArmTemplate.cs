using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LoyaltyBot.Functions.Tests.Deploy;

/// <summary>A compiled ARM template and the templates nested in it (Bicep modules become nested deployments).</summary>
public sealed partial class ArmTemplate(JsonObject root, ArmTemplate? parent = null, JsonObject? deployment = null)
{
    public JsonObject Root { get; } = root;

    /// <summary>The template that deploys this one, or null for main.</summary>
    public ArmTemplate? Parent { get; } = parent;

    /// <summary>The <c>Microsoft.Resources/deployments</c> resource that deploys this template, or null for main.</summary>
    public JsonObject? Deployment { get; } = deployment;

    public IEnumerable<JsonObject> OwnResources => Root["resources"] switch
    {
        JsonArray list => list.OfType<JsonObject>(),
        JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };

    /// <summary>This template and every template nested in it, depth first.</summary>
    public IEnumerable<ArmTemplate> All()
    {
        yield return this;
        foreach (var deployment in OwnResources.Where(r => Text(r, "type") == "Microsoft.Resources/deployments"))
        {
            if (deployment["properties"]?["template"] is JsonObject nested)
            {
                foreach (var template in new ArmTemplate(nested, this, deployment).All())
                {
                    yield return template;
                }
            }
        }
    }

    /// <summary>Every resource of a type in this template and the nested ones, with the template that declares it.</summary>
    public IEnumerable<(ArmTemplate Template, JsonObject Resource)> Resources(string type) =>
        All().SelectMany(t => t.OwnResources.Where(r => Text(r, "type") == type).Select(r => (t, r)));

    public JsonObject Parameter(string name) =>
        Root["parameters"]?[name] as JsonObject ?? throw new KeyNotFoundException($"The template has no parameter '{name}'.");

    public IEnumerable<(string Name, JsonObject Declaration)> Parameters =>
        (Root["parameters"] as JsonObject ?? []).Select(p => (p.Key, (JsonObject)p.Value!));

    /// <summary>An expression with each <c>variables('x')</c> replaced by x's value in this template.</summary>
    public string WithVariables(string expression) =>
        VariableReference().Replace(expression, m => Root["variables"]?[m.Groups[1].Value]?.ToString() ?? m.Value);

    /// <summary>The parameter an expression reads when it is only <c>parameters('x')</c>, maybe wrapped in <c>string(...)</c>.</summary>
    public static string? ParameterRead(string? expression) =>
        expression is null ? null : OnlyAParameter().Match(expression) is { Success: true } m ? m.Groups[1].Value : null;

    public static string? Text(JsonNode? node, string property) =>
        node?[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\[(?:string\()?parameters\('([^']+)'\)\)?\]$")]
    private static partial Regex OnlyAParameter();
}
