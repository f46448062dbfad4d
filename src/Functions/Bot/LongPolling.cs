using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace LoyaltyBot.Functions.Bot;

/// <summary>
/// Standalone with a token and no webhook URL: takes updates with <c>getUpdates</c> (long polling) and handles them as
/// the webhook does. An update that fails is fetched again (the offset does not move past it) after a pause.
/// </summary>
public sealed partial class LongPolling(ITelegramBotClient bot, BotSetup setup, UpdateHandler handler, ILogger<LongPolling> logger) : BackgroundService
{
    public static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(25);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var offset = 0;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (offset == 0)
                {
                    // getUpdates is refused while a webhook is set; polling means nobody else takes updates.
                    await bot.DeleteWebhook(cancellationToken: stoppingToken);
                    await setup.SetCommandsAsync(stoppingToken);
                    LogPolling(logger);
                    offset = -1;
                }

                var updates = await bot.GetUpdates(offset > 0 ? offset : null, 100, (int)PollTimeout.TotalSeconds, BotSetup.AllowedUpdates, stoppingToken);
                foreach (var update in updates)
                {
                    await handler.HandleOnceAsync(update, stoppingToken);
                    offset = update.Id + 1;
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Telegram or storage is unreachable: wait, longer each time, then fetch again from the same offset.
                failures++;
                LogPollFailed(logger, failures, ex);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(failures, 5))), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The bot takes updates by long polling (no TelegramWebhookUrl is set)")]
    private static partial void LogPolling(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Long polling failed ({Failures} in a row); trying again")]
    private static partial void LogPollFailed(ILogger logger, int failures, Exception exception);
}
