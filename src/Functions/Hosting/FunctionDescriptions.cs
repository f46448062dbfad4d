using System.Reflection;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// The HTTP functions as endpoints that only describe them (their method, path, and the metadata attributes of their
/// <c>[Function]</c> method: summary, body type, answers), for the OpenAPI document. The same in both modes: under the
/// Functions host the routing endpoints are the worker's, which carry no description.
/// </summary>
public sealed class FunctionDescriptions(FunctionCatalog catalog) : EndpointDataSource
{
    private IReadOnlyList<Endpoint>? endpoints;

    public override IReadOnlyList<Endpoint> Endpoints => endpoints ??= [.. Describe()];

    public override Microsoft.Extensions.Primitives.IChangeToken GetChangeToken() => Microsoft.Extensions.FileProviders.NullChangeToken.Singleton;

    /// <summary>
    /// Makes the descriptions what the API explorer reads: the endpoints of the container (not routing's, so they serve
    /// nothing, and the routing endpoints of either mode, which carry no description, are not read).
    /// </summary>
    public static IServiceCollection AddFunctionDescriptions(IServiceCollection services, FunctionCatalog catalog) =>
        services.Replace(ServiceDescriptor.Singleton<EndpointDataSource>(new FunctionDescriptions(catalog)));

    private IEnumerable<Endpoint> Describe()
    {
        foreach (var function in catalog.All.Where(f => f.IsHttp && f.Method is not null))
        {
            foreach (var (path, methods) in ((HttpTrigger)function.Trigger).Paths())
            {
                foreach (var method in methods)
                {
                    var builder = new RouteEndpointBuilder(_ => Task.CompletedTask, RoutePatternFactory.Parse(path), order: 0) { DisplayName = function.Name };
                    builder.Metadata.Add(function.Method!);
                    builder.Metadata.Add(new HttpMethodMetadata([method]));
                    foreach (var attribute in MethodScopedMetadata.For(function.Method!, [method], routing: false))
                    {
                        builder.Metadata.Add(attribute);
                    }

                    yield return builder.Build();
                }
            }
        }
    }
}
