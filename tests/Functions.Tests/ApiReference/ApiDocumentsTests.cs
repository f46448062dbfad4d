using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Tests.Merchants.MerchantApiDocumentTests;

namespace LoyaltyBot.Functions.Tests.ApiReference;

/// <summary>What both OpenAPI documents promise: every field described with an example, every error problem+json, every admin route covered.</summary>
public sealed partial class ApiDocumentsTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    public static TheoryData<string> Documents => new() { "merchant", "admin" };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task EveryFieldOfEveryRequestBodyHasADescriptionAndAnExample(string name)
    {
        var bodies = Schemas(await DocumentAsync(name)).Where(s => s.Name.EndsWith("Body", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(bodies);
        foreach (var body in bodies)
        {
            foreach (var field in body.Value.GetProperty("properties").EnumerateObject())
            {
                Assert.False(string.IsNullOrWhiteSpace(field.Value.TryGetProperty("description", out var d) ? d.GetString() : null), $"{body.Name}.{field.Name} has no description");
                Assert.True(field.Value.TryGetProperty("examples", out var examples) && examples.GetArrayLength() > 0, $"{body.Name}.{field.Name} has no example");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task EveryErrorAnswerIsProblemJsonAndEveryReferenceResolves(string name)
    {
        var document = await DocumentAsync(name);

        foreach (var (path, method, operation) in Operations(document))
        {
            var errors = operation.GetProperty("responses").EnumerateObject().Where(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture) >= 400).ToList();
            Assert.Contains(errors, r => r.Name == "500");
            Assert.All(errors, r => Assert.Equal(["application/problem+json"], r.Value.GetProperty("content").EnumerateObject().Select(c => c.Name)));
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{method} {path} has no summary");
        }

        var schemas = Schemas(document).Select(s => s.Name).ToHashSet();
        foreach (Match reference in SchemaReference().Matches(document.GetRawText()))
        {
            Assert.Contains(reference.Groups["name"].Value, schemas);
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task EveryRouteParameterIsDescribedWithAnExample(string name)
    {
        foreach (var (path, method, operation) in Operations(await DocumentAsync(name)))
        {
            var inPath = RouteParameter().Matches(path).Select(m => m.Groups["name"].Value).ToList();
            var described = operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path" && p.TryGetProperty("description", out _) && p.TryGetProperty("example", out _))
                    .Select(p => p.GetProperty("name").GetString()!).ToList()
                : [];
            Assert.True(inPath.Order().SequenceEqual(described.Order()), $"{method} {path}: {string.Join(',', described)}");
        }
    }

    [Fact]
    public async Task TheAdminDocumentCoversEveryAdminFunctionEachGuardedByTheAdminKey()
    {
        var document = await DocumentAsync("admin");
        var described = Operations(document).Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}").Order().ToList();
        var adminFunctions = app.Services.GetRequiredService<FunctionCatalog>().All
            .Where(f => f.Trigger is HttpTrigger { Route: var route } && route.StartsWith("admin/", StringComparison.Ordinal))
            .SelectMany(f => ((HttpTrigger)f.Trigger).Paths().SelectMany(form => form.Methods.Select(m => $"{m} {form.Path}")))
            .Order().ToList();

        Assert.Equal(adminFunctions, described);
        Assert.True(adminFunctions.Count >= 7);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("adminKey");
        Assert.Equal(("apiKey", "header", AdminKey.HeaderName), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        Assert.All(Operations(document), o => Assert.True(o.Operation.GetProperty("responses").TryGetProperty("401", out _), o.Path));
    }

    [Fact]
    public async Task AMerchantCreatedAsTheAdminDocumentShowsIsCreatedAndWithoutTheKeyIsRefusedAsDescribed()
    {
        var document = await DocumentAsync("admin");
        var create = document.GetProperty("paths").GetProperty("/api/admin/merchants").GetProperty("post").GetProperty("responses");
        var body = Examples(Schema(document, "NewMerchantBody"), ["name"]);

        using var admin = app.AdminClient();
        using var created = await admin.PostAsync(new Uri("/api/admin/merchants", UriKind.Relative), Json(body.ToJsonString()));
        using var refused = await app.Client.PostAsync(new Uri("/api/admin/merchants", UriKind.Relative), Json(body.ToJsonString()));

        Assert.True(create.TryGetProperty("201", out _));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheCancelOfARedemptionTakesNoBodyAndAnswersWhatWasRestored()
    {
        var redemptions = (await DocumentAsync("merchant")).GetProperty("paths");
        var cancel = redemptions.GetProperty("/api/merchants/{merchantId}/redemptions/{redemptionId}").GetProperty("delete");
        var redeem = redemptions.GetProperty("/api/merchants/{merchantId}/redemptions").GetProperty("post");

        Assert.False(cancel.TryGetProperty("requestBody", out _));
        Assert.EndsWith("/RedemptionCancelled", AnswerSchema(cancel), StringComparison.Ordinal);
        Assert.EndsWith("/RedemptionApplied", AnswerSchema(redeem), StringComparison.Ordinal);
        Assert.NotEqual(cancel.GetProperty("summary").GetString(), redeem.GetProperty("summary").GetString());
    }

    private static string AnswerSchema(JsonElement operation) =>
        operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;

    private static StringContent Json(string text) => new(text, System.Text.Encoding.UTF8, "application/json");

    private async Task<JsonElement> DocumentAsync(string name) =>
        await app.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/openapi/{name}.json", UriKind.Relative));

    private static JsonElement.ObjectEnumerator Schemas(JsonElement document) =>
        document.GetProperty("components").GetProperty("schemas").EnumerateObject();

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject().Select(op => (path.Name, op.Name, op.Value)));

    [GeneratedRegex("\"#/components/schemas/(?<name>[^\"]+)\"")]
    private static partial Regex SchemaReference();

    [GeneratedRegex(@"\{(?<name>\w+)\}")]
    private static partial Regex RouteParameter();
}
