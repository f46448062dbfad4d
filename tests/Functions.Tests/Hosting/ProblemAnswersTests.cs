using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Hosting;

/// <summary>The app whose merchant store's clock fails with <see cref="Failure"/>: what an unexpected fault looks like from outside.</summary>
public sealed class FailingMerchantStoreApp : LoyaltyApp
{
    public const string Secret = "customer +79123456789 and secret whsec_0123456789";

    public Exception Failure { get; set; } = new InvalidOperationException(Secret);

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(sp => new MerchantStore(sp.GetRequiredService<StorageAccount>(), new FailingClock(this)));

    /// <summary>A clock whose every reading throws the app's <see cref="Failure"/>.</summary>
    private sealed class FailingClock(FailingMerchantStoreApp app) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw app.Failure;
    }
}

/// <summary>Every 4xx and 5xx is RFC 9457 problem+json, including the framework's own answers and an unhandled exception.</summary>
public sealed class ProblemAnswersTests(FailingMerchantStoreApp app) : IClassFixture<FailingMerchantStoreApp>
{
    [Theory]
    [InlineData("purchases")]
    [InlineData("refunds")]
    [InlineData("redemptions")]
    public async Task APlainTextBodyToAMerchantRouteIs415ProblemJsonAskingForJson(string operation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path($"/api/merchants/m0000000000/{operation}"))
        {
            Content = new StringContent("{\"amount\": 100}", Encoding.UTF8, "text/plain"),
        };

        using var response = await app.Client.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Send the body as application/json.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("POST", "/api/admin/merchants")]
    [InlineData("PUT", "/api/admin/program")]
    [InlineData("POST", "/admin/functions/ExpirePoints")]
    public async Task APlainTextBodyToAnAdminRouteIs415ProblemJsonAskingForJson(string method, string path)
    {
        using var admin = app.AdminClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), Path(path)) { Content = new StringContent("{\"name\": \"Tea\"}", Encoding.UTF8, "text/plain") };

        using var response = await admin.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Send the body as application/json.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/api/merchants/m1/purchases/extra")]
    [InlineData("/favicon.ico")]
    public async Task AnUnknownRouteIs404ProblemJson(string path)
    {
        using var response = await app.Client.GetAsync(Path(path));

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET", "/api/merchants/m1/purchases")]
    [InlineData("PATCH", "/api/admin/program")]
    [InlineData("DELETE", "/api/health")]
    public async Task AMethodTheRouteLacksIs405ProblemJson(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), Path(path));

        using var response = await app.Client.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task AnUnhandledExceptionIs500ProblemJsonThatTellsNothingOfIt()
    {
        using var admin = app.AdminClient();

        using var response = await admin.PostAsync(Path("/api/admin/merchants"), Json("{\"name\": \"Tea\"}"));

        var problem = await ProblemAsync(response, HttpStatusCode.InternalServerError);
        var text = problem.GetRawText();
        Assert.DoesNotContain("79123456789", text, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec", text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadRequestTheFrameworkRaisesIs400ProblemJsonThatTellsNothingOfIt()
    {
        using var admin = app.AdminClient();
        app.Failure = new BadHttpRequestException("Failed to read parameter \"" + FailingMerchantStoreApp.Secret + "\"", StatusCodes.Status400BadRequest);
        try
        {
            using var response = await admin.PostAsync(Path("/api/admin/merchants"), Json("{\"name\": \"Tea\"}"));

            var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.DoesNotContain("79123456789", problem.GetRawText(), StringComparison.Ordinal);
        }
        finally
        {
            app.Failure = new InvalidOperationException(FailingMerchantStoreApp.Secret);
        }
    }

    [Fact]
    public async Task AnAdminRouteWithoutItsKeyIs401ProblemJson()
    {
        using var response = await app.Client.PostAsync(Path("/api/admin/merchants"), new StringContent("{}", new MediaTypeHeaderValue("application/json")));

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
    }
}
