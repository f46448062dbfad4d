using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoyaltyBot.Functions.Tests.App;

/// <summary>The bot by long polling with the log levels of appsettings.json as shipped, its log captured at those levels.</summary>
public sealed class PollingBotAppWithShippedLogLevels : PollingBotApp
{
    public LogCapture Logs { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => Logs.AddTo(services, everyLevel: false);
}

/// <summary>What the log holds with no logging setting changed: the app's own lines, no per-request noise.</summary>
public sealed class DefaultLogTests(PollingBotAppWithShippedLogLevels app) : IClassFixture<PollingBotAppWithShippedLogLevels>
{
    [Fact]
    public async Task LongPollingAtTheShippedLevelsLogsNoHttpClientRequestAndNoFrameworkLineBelowWarning()
    {
        var user = TelegramUser.NewRandom("Anna", "en");
        app.Telegram.QueueUpdate(user.Text("/start"));
        await app.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id);
        app.Telegram.QueueUpdate(user.Text("/help"));
        await FunctionsHarness.EventuallyAsync(() => Task.FromResult(app.Telegram.CallsOf("getUpdates").Count >= 3), "the bot has polled three times");
        (await app.Client.GetAsync(new Uri("/api/health", UriKind.Relative))).Dispose();

        var lines = app.Logs.Lines;
        Assert.Contains(lines, l => l.Message == "The bot takes updates by long polling (no TelegramWebhookUrl is set)");
        Assert.DoesNotContain(lines, l => l.Category.StartsWith("System.Net.Http", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Message.Contains("HTTP request", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && l.Level < LogLevel.Warning);
        Assert.DoesNotContain(lines, l => l.Level < LogLevel.Information);
    }
}
