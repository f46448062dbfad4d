using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Hosting;

/// <summary>The real app, standalone, as a child process on Azurite.</summary>
public sealed class StandaloneAppFixture : IAsyncLifetime
{
    public AppProcess App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await AppProcess.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary><c>POST /admin/functions/{name}</c> on the real app: guarded by X-Admin-Key, runs a function now, 202 once it finished.</summary>
public sealed class AdminFunctionsTests(StandaloneAppFixture fixture) : IClassFixture<StandaloneAppFixture>
{
    private readonly HttpClient client = fixture.App.Client;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key")]
    [InlineData(AppProcess.AdminKey + "x")]
    public async Task RunNowWithoutTheRightAdminKeyIs401ProblemJson(string? key)
    {
        using var response = await RunAsync("ExpirePoints", key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task RunNowOfAnUnknownFunctionIs404ProblemJson()
    {
        using var response = await RunAsync("NoSuchFunction", AppProcess.AdminKey);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RunNowOfAnHttpFunctionIs400()
    {
        using var response = await RunAsync("Health", AppProcess.AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RunNowWithABodyThatIsNotTheInputObjectIs400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/admin/functions/ExpirePoints", UriKind.Relative))
        {
            Content = new StringContent("{\"input\": 42}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Admin-Key", AppProcess.AdminKey);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RunNowOfExpirePointsExpiresDuePointsAndAnswers202WhenItHasFinished()
    {
        // Points earned a year and a day ago expired yesterday: the hourly job's business, run now by hand.
        var harness = await LedgerHarness.StartAsync(now: DateTimeOffset.UtcNow.AddDays(-ProgramRules.Default.ExpiryDays - 1));
        var customer = await harness.RegisterAsync();
        await harness.EarnAsync(customer, 5000m);
        Assert.True((await harness.AccountAsync(customer)).Balance > 0);

        using var response = await RunAsync("expirepoints", AppProcess.AdminKey);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0, (await harness.AccountAsync(customer)).Balance);
        await harness.AssertLedgerBalancesAsync(customer);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ExpirePoints", body.RootElement.GetProperty("function").GetString());
        Assert.True(body.RootElement.GetProperty("result").GetProperty("expirations").GetInt32() >= 1);
    }

    [Fact]
    public async Task RunNowOfKpiRollupFoldsTheDaysOverAndAnswers202WithWhatItDid()
    {
        using var response = await RunAsync("KpiRollup", AppProcess.AdminKey);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("KpiRollup", body.RootElement.GetProperty("function").GetString());
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("result").GetProperty("days").ValueKind);
        Assert.Equal(JsonValueKind.Number, body.RootElement.GetProperty("result").GetProperty("lateDaysFolded").ValueKind);
    }

    [Fact]
    public async Task TheQueueAndTimerInvocationRoutesOfTheFunctionsHostAreNotServedStandalone()
    {
        using var response = await client.PostAsJsonAsync(new Uri("/ExpirePoints", UriKind.Relative), new { Data = new { }, Metadata = new { } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<HttpResponseMessage> RunAsync(string name, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/admin/functions/{name}", UriKind.Relative))
        {
            Content = JsonContent.Create(new { input = "" }),
        };
        if (key is not null)
        {
            request.Headers.Add("X-Admin-Key", key);
        }

        return await client.SendAsync(request);
    }
}
