using System.Net;
using System.Text;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace LoyaltyBot.Functions.Tests.Hosting;

/// <summary>The one admin-key guard that /admin/functions and every /api/admin endpoint use.</summary>
public sealed class AdminKeyTests
{
    private sealed record Body(string Name);

    [Theory]
    [InlineData("secret", "secret", true)]
    [InlineData("secret", "Secret", false)]
    [InlineData("secret", "secret ", false)]
    [InlineData("secret", "", false)]
    [InlineData("", "", false)]
    [InlineData(null, "anything", false)]
    public void TheKeyMustMatchExactlyAndAnUnsetKeyMatchesNothing(string? expected, string presented, bool matches) =>
        Assert.Equal(matches, AdminKey.Matches(expected, new StringValues(presented)));

    [Fact]
    public void TwoHeaderValuesAreRefused() =>
        Assert.False(AdminKey.Matches("secret", new StringValues(["secret", "secret"])));

    [Fact]
    public async Task AGroupGuardsEveryEndpointInItBeforeTheBodyIsRead()
    {
        await using var app = await FunctionsHarness.StartWebAppAsync(new FunctionCatalog([]), _ => { }, map: app =>
        {
            var admin = app.MapAdminGroup("/api/admin");
            admin.MapPost("/things", (Body body) => Results.Created($"/api/admin/things/{body.Name}", body));
            admin.MapGet("/things", () => Results.Ok());
        });
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var noKeyBadBody = await client.PostAsync(new Uri("/api/admin/things", UriKind.Relative), new StringContent("{not json", Encoding.UTF8, "application/json"));
        using var noKeyGet = await client.GetAsync(new Uri("/api/admin/things", UriKind.Relative));
        using var withKey = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/admin/things", UriKind.Relative))
        {
            Content = new StringContent("{\"name\":\"a\"}", Encoding.UTF8, "application/json"),
        };
        withKey.Headers.Add(AdminKey.HeaderName, AppProcess.AdminKey);
        using var created = await client.SendAsync(withKey);

        Assert.Equal(HttpStatusCode.Unauthorized, noKeyBadBody.StatusCode);
        Assert.Equal("application/problem+json", noKeyBadBody.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, noKeyGet.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}
