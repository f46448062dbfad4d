using System.Net;
using System.Text;
using System.Text.Json;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Hosting;

/// <summary>
/// Under the Functions host, queue and timer invocations arrive as <c>POST /&lt;Name&gt;</c> with the host's payload
/// (recorded in Payloads/, see its README for where the shape comes from) and are answered in the host's shape; any
/// failure answers non-2xx, which is what makes the host retry and poison the message.
/// </summary>
public sealed class CustomHandlerInvocationTests
{
    private const string RecordedMessageText =
        """{"merchantId":"m-1","purchaseId":"p-1001","phone":"+79990001122","amount":1250.5,"currency":"RUB","occurredAt":"2026-11-23T10:15:00+00:00"}""";

    private static readonly FunctionDeclaration QueueFunction = FunctionDeclaration.Queue("TestAccrue", "test-accrue");
    private static readonly FunctionDeclaration TimerFunction = FunctionDeclaration.Timer("TestExpire", "0 5 * * * *");
    private static readonly FunctionDeclaration HttpFunction = FunctionDeclaration.Http("TestHttp", "test", "GET");
    private static readonly FunctionCatalog Catalog = new([QueueFunction, TimerFunction, HttpFunction]);

    [Fact]
    public async Task ARecordedQueueInvocationRunsTheHandlerWithTheMessageTextDecodedOnce()
    {
        var received = new TaskCompletionSource<FunctionInvocation>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await StartAsync(services => services.AddFunctionHandler(QueueFunction, (_, invocation, _) =>
        {
            received.TrySetResult(invocation);
            return Task.FromResult<object?>(new { accrued = 62 });
        }));
        using var client = ClientOf(app);

        using var response = await PostPayloadAsync(client, QueueFunction, "queue-invocation.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invocation = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(RecordedMessageText, invocation.Input);
        Assert.Equal("p-1001", JsonDocument.Parse(invocation.Input).RootElement.GetProperty("purchaseId").GetString());
        Assert.Equal(2, invocation.DequeueCount);
        Assert.Equal("6c4c2b5e-2f0a-4d53-9d2e-3f7f1c0b9a11", invocation.MessageId);

        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, answer.RootElement.GetProperty("Outputs").ValueKind);
        Assert.All(answer.RootElement.GetProperty("Logs").EnumerateArray(), log => Assert.Equal(JsonValueKind.String, log.ValueKind));
        Assert.Equal(62, answer.RootElement.GetProperty("ReturnValue").GetProperty("accrued").GetInt32());
    }

    [Fact]
    public async Task ARecordedTimerInvocationRunsTheTimerHandler()
    {
        var received = new TaskCompletionSource<FunctionInvocation>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await StartAsync(services => services.AddFunctionHandler(TimerFunction, (_, invocation, _) =>
        {
            received.TrySetResult(invocation);
            return Task.FromResult<object?>(null);
        }));
        using var client = ClientOf(app);

        using var response = await PostPayloadAsync(client, TimerFunction, "timer-invocation.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimerFunction.Name, (await received.Task.WaitAsync(TimeSpan.FromSeconds(30))).FunctionName);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(answer.RootElement.TryGetProperty("Outputs", out _));
        Assert.True(answer.RootElement.TryGetProperty("Logs", out _));
        Assert.True(answer.RootElement.TryGetProperty("ReturnValue", out _));
    }

    [Fact]
    public async Task AFailingHandlerAnswersNon2xxSoTheHostRetriesTheMessage()
    {
        await using var app = await StartAsync(services => services.AddFunctionHandler(QueueFunction, (_, _, _) =>
            throw new InvalidOperationException("Merchant m-1 is unknown.")));
        using var client = ClientOf(app);

        using var response = await PostPayloadAsync(client, QueueFunction, "queue-invocation.json");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("m-1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFunctionWithoutAHandlerAnswersNon2xxRatherThanPretendingToSucceed()
    {
        await using var app = await StartAsync(_ => { });
        using var client = ClientOf(app);

        using var response = await PostPayloadAsync(client, QueueFunction, "queue-invocation.json");

        Assert.False(response.IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Fact]
    public async Task AnUnreadablePayloadAnswers400AndRunsNothing()
    {
        var ran = false;
        await using var app = await StartAsync(services => services.AddFunctionHandler(QueueFunction, (_, _, _) =>
        {
            ran = true;
            return Task.FromResult<object?>(null);
        }));
        using var client = ClientOf(app);

        using var response = await client.PostAsync(new Uri($"/{QueueFunction.Name}", UriKind.Relative), new StringContent("{\"Data\":", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(ran);
    }

    [Fact]
    public void TheDocsShapeWithTheMessageTextEncodedOnlyOnceIsReadToo()
    {
        using var payload = JsonDocument.Parse(
            "{\"Data\":{\"message\":" + JsonSerializer.Serialize(RecordedMessageText) + "},\"Metadata\":{\"DequeueCount\":1,\"Id\":\"abc\"}}");

        var invocation = CustomHandlerPayload.ReadInvocation(QueueFunction, payload.RootElement);

        Assert.Equal(RecordedMessageText, invocation.Input);
        Assert.Equal(1, invocation.DequeueCount);
        Assert.Equal("abc", invocation.MessageId);
    }

    [Fact]
    public async Task StandaloneTheInvocationRoutesDoNotExist()
    {
        var ran = false;
        await using var app = await FunctionsHarness.StartWebAppAsync(Catalog, services => services.AddFunctionHandler(TimerFunction, (_, _, _) =>
        {
            ran = true;
            return Task.FromResult<object?>(null);
        }), customHandler: false);
        using var client = ClientOf(app);

        using var response = await PostPayloadAsync(client, TimerFunction, "timer-invocation.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(ran);
    }

    private static Task<WebApplication> StartAsync(Action<IServiceCollection> handlers) =>
        FunctionsHarness.StartWebAppAsync(Catalog, handlers, customHandler: true);

    private static HttpClient ClientOf(WebApplication app) => new() { BaseAddress = new Uri(app.Urls.First()) };

    public static async Task<HttpResponseMessage> PostPayloadAsync(HttpClient client, FunctionDeclaration function, string payloadFile)
    {
        var body = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Hosting", "Payloads", payloadFile));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/{function.Name}", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        // The headers DefaultHttpWorkerService.AddHeaders sends with every invocation.
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.Add("X-Azure-Functions-HostVersion", "4.1036.1.23224");
        request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1036.1.23224");
        return await client.SendAsync(request);
    }
}
