using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Kpis;
using LoyaltyBot.Functions.Ledger;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LoyaltyBot.Functions.Bot;

/// <summary>
/// Routes one update to the feature that handles it: one case per shape of update, one small method per case.
/// Anything unexpected gets a short helpful answer or is ignored; only a failure of storage or of Telegram escapes,
/// so that the update is tried again.
/// </summary>
public sealed partial class UpdateRouter(
    ITelegramBotClient bot,
    CustomerDirectory directory,
    CustomerProfiles profiles,
    IEnumerable<IBotCommand> commands,
    IEnumerable<IBotCallback> callbacks,
    IEnumerable<IBotInput> inputs,
    PendingInputs pending,
    CallbackData callbackData,
    MainMenu menu,
    KpiDeltas kpis,
    ILogger<UpdateRouter> logger)
{
    /// <summary>Longer text is no command, birthday or review; it is refused before anything reads it.</summary>
    public const int MaxTextLength = 1000;

    public const string ContactInput = "contact";

    private readonly Dictionary<string, IBotCommand> byName = commands.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IBotCallback> byPrefix = callbacks.ToDictionary(c => c.Prefix, StringComparer.Ordinal);
    private readonly Dictionary<string, IBotInput> inputByName = inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);

    public async Task HandleAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        try
        {
            // Each case checks every field its handler reads: Telegram.Bot declares some of them non-nullable, but a malformed
            // update leaves them null. A sender must be a user (a positive id; chats have negative ones), and in a private
            // chat the chat's id is the user's.
            switch (update)
            {
                case { Message: { From: { IsBot: false, Id: > 0 } from, Chat: { Type: ChatType.Private } chat } message } when chat.Id == from.Id:
                    await OnMessageAsync(update, message, from, cancellationToken);
                    break;
                case { Message: { From: { IsBot: false, Id: > 0 } from, Chat: { Type: ChatType.Group or ChatType.Supergroup } chat, Text: { } text } }
                    when text.StartsWith('/'):
                    await bot.SendMessage(chat.Id, BotTexts.PrivateOnly.In(BotLanguage.FromTelegram(from.LanguageCode)), cancellationToken: cancellationToken);
                    break;
                case { CallbackQuery: { Id.Length: > 0, From: { IsBot: false, Id: > 0 } from } query } when query.Message is null || query.Message.Chat?.Id == from.Id:
                    await OnCallbackAsync(update, query, from, cancellationToken);
                    break;
                case { MyChatMember: { From.Id: > 0 and var userId, Chat: { Type: ChatType.Private } chat, NewChatMember: { } status } } when chat.Id == userId:
                    await profiles.SetReachableAsync(userId, status.Status is not (ChatMemberStatus.Kicked or ChatMemberStatus.Left), cancellationToken);
                    break;
                default:
                    LogIgnored(logger, update.Id, update.Type);
                    break;
            }
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 403)
        {
            // The user blocked the bot (or never started it): stop writing to them.
            if (SenderOf(update) is { } userId)
            {
                await profiles.SetReachableAsync(userId, false, cancellationToken);
            }
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 400)
        {
            // Telegram refused an answer to this update (a callback too old to answer, a message not modified): nothing to retry.
            LogRefused(logger, update.Id, ex.Message);
        }
    }

    private async Task OnMessageAsync(Update update, Message message, User from, CancellationToken cancellationToken)
    {
        var context = await ContextAsync(update, from, message.Chat.Id, cancellationToken);
        if (message.Text is { Length: > MaxTextLength })
        {
            await context.ReplyAsync(BotTexts.TextTooLong);
            return;
        }

        if (message.Contact is not null && inputByName.TryGetValue(ContactInput, out var contactInput))
        {
            await RunInputAsync(context, contactInput, "");
            return;
        }

        if (message.Text is not { } text || string.IsNullOrWhiteSpace(text))
        {
            await context.ReplyAsync(BotTexts.OnlyText, MenuFor(context));
            return;
        }

        text = text.Trim();
        if (text.StartsWith('/'))
        {
            var (name, argument) = ParseCommand(text);
            await RunCommandAsync(context, byName.GetValueOrDefault(name), argument);
            return;
        }

        if (menu.FindByButton(text) is { } pressed)
        {
            await RunCommandAsync(context, pressed, "");
            return;
        }

        if (context.Customer is not null && await pending.GetAsync(from.Id, cancellationToken) is { } waiting && inputByName.TryGetValue(waiting.Name, out var input))
        {
            await RunInputAsync(context, input, text);
            return;
        }

        await context.ReplyAsync(context.Customer is null ? BotTexts.PressStart : BotTexts.NotUnderstood, MenuFor(context));
    }

    private async Task RunCommandAsync(BotContext context, IBotCommand? command, string argument)
    {
        if (command is null)
        {
            await context.ReplyAsync(context.Customer is null ? BotTexts.PressStart : BotTexts.UnknownCommand, MenuFor(context));
            return;
        }

        if (command.NeedsCustomer && context.Customer is null)
        {
            await context.ReplyAsync(BotTexts.PressStart);
            return;
        }

        await command.HandleAsync(context, argument);
    }

    private async Task RunInputAsync(BotContext context, IBotInput input, string text)
    {
        if (context.Customer is null)
        {
            await context.ReplyAsync(BotTexts.PressStart);
            return;
        }

        if (await input.ReceiveAsync(context, text))
        {
            await pending.ClearAsync(context.From.Id, context.Cancellation);
        }
    }

    private async Task OnCallbackAsync(Update update, CallbackQuery query, User from, CancellationToken cancellationToken)
    {
        var context = await ContextAsync(update, from, from.Id, cancellationToken);
        if (!callbackData.TryRead(query.Data, out var prefix, out var payload) || !byPrefix.TryGetValue(prefix, out var handler) || context.Customer is null)
        {
            LogStaleCallback(logger, update.Id);
            await bot.AnswerCallbackQuery(query.Id, context.T(BotTexts.StaleButton), cancellationToken: cancellationToken);
            return;
        }

        if (!await handler.PressAsync(context, payload))
        {
            await bot.AnswerCallbackQuery(query.Id, context.T(BotTexts.StaleButton), cancellationToken: cancellationToken);
        }
    }

    private async Task<BotContext> ContextAsync(Update update, User from, long chatId, CancellationToken cancellationToken)
    {
        var customer = await directory.FindAccountAsync(LookupKey.Telegram(from.Id), cancellationToken);
        if (customer is not null)
        {
            // Engagement: the member opened the bot today (one write a day).
            await kpis.SeenAsync(customer, cancellationToken);
        }

        var language = customer?.Profile.Language is { } chosen && BotLanguage.IsSupported(chosen) ? chosen : BotLanguage.FromTelegram(from.LanguageCode);
        return new BotContext(bot, update, from, chatId, customer, language) { Cancellation = cancellationToken };
    }

    private Telegram.Bot.Types.ReplyMarkups.ReplyKeyboardMarkup? MenuFor(BotContext context) => context.Customer is null ? null : menu.Keyboard(context.Language);

    /// <summary><c>/balance@loyalty_bot now</c> → (<c>balance</c>, <c>now</c>).</summary>
    public static (string Name, string Argument) ParseCommand(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var space = text.IndexOfAny([' ', '\n', '\t']);
        var head = space < 0 ? text[1..] : text[1..space];
        var at = head.IndexOf('@', StringComparison.Ordinal);
        return ((at < 0 ? head : head[..at]).ToLowerInvariant(), space < 0 ? "" : text[(space + 1)..].Trim());
    }

    private static long? SenderOf(Update update) =>
        update.Message?.From?.Id ?? update.CallbackQuery?.From?.Id ?? update.MyChatMember?.From?.Id;

    [LoggerMessage(Level = LogLevel.Information, Message = "Update {UpdateId} of type {UpdateType} is not one the bot uses (another kind, not from a user, or missing fields); ignored")]
    private static partial void LogIgnored(ILogger logger, int updateId, UpdateType updateType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Update {UpdateId}: a callback whose data this bot did not make, or for a feature gone; answered as stale")]
    private static partial void LogStaleCallback(ILogger logger, int updateId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Update {UpdateId}: Telegram refused the answer ({Reason})")]
    private static partial void LogRefused(ILogger logger, int updateId, string reason);
}
