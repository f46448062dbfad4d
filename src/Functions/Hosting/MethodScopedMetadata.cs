using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>Metadata of a <c>[Function]</c> method that serves several HTTP methods, meant for one of them only.</summary>
public interface IMethodScopedMetadata
{
    string HttpMethod { get; }
}

/// <summary>The summary of one HTTP method of a function.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class SummaryForAttribute(string httpMethod, string summary) : Attribute, IEndpointSummaryMetadata, IMethodScopedMetadata
{
    public string HttpMethod { get; } = httpMethod;

    public string Summary { get; } = summary;
}

/// <summary>A response of one HTTP method of a function.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ProducesForAttribute(string httpMethod, Type type, int statusCode, string contentType = "application/json")
    : ProducesResponseTypeAttribute(type, statusCode, contentType), IMethodScopedMetadata
{
    public string HttpMethod { get; } = httpMethod;
}

/// <summary>
/// The JSON body of one HTTP method of a function that checks its body's type itself, for the OpenAPI documents only:
/// unlike <c>[Consumes]</c>, routing does not answer 415 for it, so the function's own checks (the admin key first) keep
/// their order.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class DescribedBodyAttribute(string httpMethod, Type type, bool optional = false) : Attribute, IAcceptsMetadata, IMethodScopedMetadata
{
    public string HttpMethod { get; } = httpMethod;

    public IReadOnlyList<string> ContentTypes { get; } = [JsonBody.MediaType];

    public Type? RequestType { get; } = type;

    public bool IsOptional { get; } = optional;
}

public static class MethodScopedMetadata
{
    /// <summary>
    /// The attributes of a function's method that apply to the given HTTP methods: those scoped to another method are left
    /// out, and so is what a body is read as (<c>[Consumes]</c>) for a form that takes no body (DELETE .../{id}). For
    /// routing, a <see cref="DescribedBodyAttribute"/> is left out too.
    /// </summary>
    public static IEnumerable<Attribute> For(MethodInfo function, IReadOnlyCollection<string> httpMethods, bool routing)
    {
        ArgumentNullException.ThrowIfNull(function);
        var takesBody = httpMethods.Any(m => m is "POST" or "PUT" or "PATCH");
        return function.GetCustomAttributes(inherit: true).OfType<Attribute>()
            .Where(a => a is not IMethodScopedMetadata scoped || httpMethods.Contains(scoped.HttpMethod, StringComparer.OrdinalIgnoreCase))
            .Where(a => takesBody || a is not IAcceptsMetadata)
            .Where(a => !routing || a is not DescribedBodyAttribute);
    }
}
