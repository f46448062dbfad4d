using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Hosting;
using Telegram.Bot;

namespace LoyaltyBot.Functions.Notifications;

/// <summary>The notifications' own Telegram client: it never retries a 429 by itself, so the limiter sees and paces every one.</summary>
public sealed class NotificationBot(ITelegramBotClient client)
{
    public ITelegramBotClient Client => client;
}

public static class NotificationServices
{
    /// <summary>
    /// The <c>notifications</c> queue's SendNotification function. With the bot off (no token) it has no handler: the
    /// notifications wait in their queue, and the standalone host says so at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var bot = BotSettings.From(builder.Configuration);
        if (!bot.IsConfigured)
        {
            return builder;
        }

        services.AddSingleton(NotificationSettings.From(builder.Configuration));
        services.AddSingleton<SendLimiter>();
        services.AddSingleton<SentNotifications>();
        services.AddSingleton<NotificationRenderer>();
        // The token is part of every Bot API URL, so the factory's per-request log lines would carry it.
        services.AddHttpClient(nameof(NotificationBot)).RemoveAllLoggers();
        services.AddSingleton(sp => new NotificationBot(
            BotClient.Create(bot, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(NotificationBot)),
                sp.GetRequiredService<ILogger<TextFittingBotClient>>(), retryFloodControl: false)));
        services.AddFunctionMethods<SendNotificationFunction>(builder.Configuration);
        return builder;
    }
}
