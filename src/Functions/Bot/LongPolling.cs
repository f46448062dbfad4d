using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LoyaltyBot.Functions.Bot;

/// <summary>
/// Standalone with a token and no webhook URL: takes updates with <c>getUpdates</c> (long polling) and handles them as
/// the webhook does. An update that fails is fetched again (the offset does not move past it) after a pause; an update
/// that cannot be read is skipped, as the webhook acknowledges it.
/// </summary>
public sealed partial class LongPolling(ITelegramBotClient bot, BotSetup setup, UpdateHandler handler, ILogger<LongPolling> logger) : BackgroundService
{
    public static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(25);

    private static readonly TimeSpan InHandPause = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long offset = 0;
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

                var request = new RawUpdatesRequest { Offset = offset > 0 ? offset : null, Timeout = (int)PollTimeout.TotalSeconds, AllowedUpdates = BotSetup.AllowedUpdates };
                foreach (var raw in await bot.SendRequest(request, stoppingToken))
                {
                    var id = raw.TryGetProperty("update_id", out var value) && value.TryGetInt64(out var number) ? number : (long?)null;
                    var update = Read(raw);
                    if (update is not { Id: > 0 })
                    {
                        LogNotAnUpdate(logger, id);
                    }
                    else if (!await handler.HandleOnceAsync(update, stoppingToken))
                    {
                        // Another poller (or this one before a restart) has it in hand: fetch it again after a pause.
                        await Task.Delay(InHandPause, stoppingToken);
                        break;
                    }

                    offset = Math.Max(offset, (id ?? 0) + 1);
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

    private static Update? Read(JsonElement raw)
    {
        try
        {
            return raw.ValueKind == JsonValueKind.Object ? raw.Deserialize<Update>(JsonBotAPI.Options) : null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // As at the webhook: Telegram.Bot's converters throw more than JsonException on a malformed update.
            return null;
        }
    }

    /// <summary><c>getUpdates</c> answering the updates as JSON, so that one malformed update does not fail the whole batch.</summary>
    private sealed class RawUpdatesRequest() : RequestBase<JsonElement[]>("getUpdates")
    {
        public long? Offset { get; init; }

        public int Limit { get; init; } = 100;

        public int Timeout { get; init; }

        public IEnumerable<UpdateType>? AllowedUpdates { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The bot takes updates by long polling (no TelegramWebhookUrl is set)")]
    private static partial void LogPolling(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Update {UpdateId} from getUpdates is no Telegram update the bot can read; skipped")]
    private static partial void LogNotAnUpdate(ILogger logger, long? updateId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Long polling failed ({Failures} in a row); trying again")]
    private static partial void LogPollFailed(ILogger logger, int failures, Exception exception);
}
