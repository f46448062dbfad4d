using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.TelegramDouble;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LoyaltyBot.NotificationBench;

/// <summary>
/// The real app (its own Program and every feature) in-process and standalone, with the bot on and pointed at the Bot API
/// double. Its own SendNotification listener is switched off by the Functions host's setting, so the benchmark starts the
/// same listener once the queue is full.
/// </summary>
internal sealed class BenchApp(string connectionString, BotApiDouble telegram) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The build output holds host.json and the function folders, as a published app does.
        builder.UseContentRoot(AppContext.BaseDirectory);
        var settings = new Dictionary<string, string>
        {
            [StorageAccount.ConnectionSetting] = connectionString,
            [AdminKey.Setting] = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            [BotSettings.TokenSetting] = telegram.Token,
            [BotSettings.ApiBaseUrlSetting] = telegram.BaseUrl.ToString(),
            [BotSettings.WebhookSecretSetting] = "bench-webhook-secret",
            // A webhook URL means no long polling: the double sees only what the notifications send.
            [BotSettings.WebhookUrlSetting] = "https://loyalty.example/api/telegram/webhook",
            ["AzureWebJobs.SendNotification.Disabled"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            // Each 429 is counted by the double; a warning per 429 would only crowd the report.
            ["Logging:LogLevel:LoyaltyBot.Functions.Notifications.SendLimiter"] = "Error",
        };
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
