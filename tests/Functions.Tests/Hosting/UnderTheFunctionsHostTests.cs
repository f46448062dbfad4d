using System.Net;
using System.Text.Json;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Hosting;

/// <summary>The real app started as the Functions host starts a custom handler: with FUNCTIONS_CUSTOMHANDLER_PORT.</summary>
public sealed class CustomHandlerAppFixture : IAsyncLifetime
{
    public AppProcess App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await AppProcess.StartAsync(customHandler: true);

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class UnderTheFunctionsHostTests(CustomHandlerAppFixture fixture) : IClassFixture<CustomHandlerAppFixture>
{
    private readonly HttpClient client = fixture.App.Client;

    [Fact]
    public async Task TheHostsRecordedTimerInvocationRunsExpirePointsAndGetsTheHostsAnswerShape()
    {
        using var response = await CustomHandlerInvocationTests.PostPayloadAsync(client, LoyaltyFunctions.ExpirePoints, "timer-invocation.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, answer.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Contains("ExpirePoints", Assert.Single(answer.RootElement.GetProperty("Logs").EnumerateArray()).GetString(), StringComparison.Ordinal);
        Assert.True(answer.RootElement.GetProperty("ReturnValue").TryGetProperty("customersChecked", out _));
    }

    [Fact]
    public async Task ForwardedHttpRequestsKeepTheirApiPath()
    {
        using var response = await client.GetAsync(new Uri(LoyaltyFunctions.Health.Trigger is HttpTrigger http ? http.Path : "", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DisablingAFunctionIsTheHostsBusinessAndIs409()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/admin/functions/AccruePurchase/disable", UriKind.Relative));
        request.Headers.Add("X-Admin-Key", AppProcess.AdminKey);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("AzureWebJobs.AccruePurchase.Disabled", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHostsReadinessProbeOfTheRootAnswers()
    {
        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
