using Telegram.Bot;
using Telegram.Bot.Args;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LoyaltyBot.Functions.Bot;

/// <summary>
/// The last guard on the way out: every request the bot makes passes here, and a text over the Bot API's limit is
/// shortened (<see cref="TelegramLimits"/>) rather than refused by Telegram. Texts are meant to fit where they are
/// written, so a cut here is logged.
/// </summary>
public sealed partial class TextFittingBotClient(ITelegramBotClient inner, ILogger<TextFittingBotClient> logger) : ITelegramBotClient
{
    public bool LocalBotServer => inner.LocalBotServer;

    public long BotId => inner.BotId;

    public TimeSpan Timeout
    {
        get => inner.Timeout;
        set => inner.Timeout = value;
    }

    public IExceptionParser ExceptionsParser
    {
        get => inner.ExceptionsParser;
        set => inner.ExceptionsParser = value;
    }

    public event AsyncEventHandler<ApiRequestEventArgs>? OnMakingApiRequest
    {
        add => inner.OnMakingApiRequest += value;
        remove => inner.OnMakingApiRequest -= value;
    }

    public event AsyncEventHandler<ApiResponseEventArgs>? OnApiResponseReceived
    {
        add => inner.OnApiResponseReceived += value;
        remove => inner.OnApiResponseReceived -= value;
    }

    public Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        switch (request)
        {
            case SendMessageRequest message when Fits(message.Text, TelegramLimits.MessageText, request) is { } text:
                (message.Text, message.ParseMode, message.Entities) = (text, ParseMode.None, null);
                break;
            case EditMessageTextRequest edit when Fits(edit.Text, TelegramLimits.MessageText, request) is { } text:
                (edit.Text, edit.ParseMode, edit.Entities) = (text, ParseMode.None, null);
                break;
            case SendPhotoRequest photo when Fits(photo.Caption, TelegramLimits.Caption, request) is { } caption:
                (photo.Caption, photo.ParseMode, photo.CaptionEntities) = (caption, ParseMode.None, null);
                break;
            case EditMessageCaptionRequest edit when Fits(edit.Caption, TelegramLimits.Caption, request) is { } caption:
                (edit.Caption, edit.ParseMode, edit.CaptionEntities) = (caption, ParseMode.None, null);
                break;
            case AnswerCallbackQueryRequest answer when Fits(answer.Text, TelegramLimits.CallbackAnswer, request) is { } text:
                answer.Text = text;
                break;
        }

        return inner.SendRequest(request, cancellationToken);
    }

    public Task<bool> TestApi(CancellationToken cancellationToken = default) => inner.TestApi(cancellationToken);

    public Task DownloadFile(string filePath, Stream destination, CancellationToken cancellationToken = default) =>
        inner.DownloadFile(filePath, destination, cancellationToken);

    public Task DownloadFile(TGFile file, Stream destination, CancellationToken cancellationToken = default) =>
        inner.DownloadFile(file, destination, cancellationToken);

    /// <summary>The shortened text when <paramref name="text"/> is over <paramref name="limit"/>; null when it fits. A cut text
    /// goes plain, since a cut may fall inside its markup.</summary>
    private string? Fits<TResponse>(string? text, int limit, IRequest<TResponse> request)
    {
        if (text is null || text.Length <= limit)
        {
            return null;
        }

        LogShortened(logger, request.MethodName, text.Length, limit);
        return TelegramLimits.Shorten(text, limit);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Method} text of {Length} characters was shortened to Telegram's limit of {Limit}")]
    private static partial void LogShortened(ILogger logger, string method, int length, int limit);
}
