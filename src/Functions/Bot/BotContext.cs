using LoyaltyBot.Domain.Ledger;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyaltyBot.Functions.Bot;

/// <summary>
/// One update being handled: who sent it, in which chat and language, the customer when registered, and how to answer.
/// </summary>
public sealed class BotContext(ITelegramBotClient bot, Update update, User from, long chatId, CustomerAccount? customer, string language)
{
    public ITelegramBotClient Bot => bot;

    public Update Update => update;

    public User From => from;

    public long ChatId => chatId;

    /// <summary>Null until the user has pressed /start.</summary>
    public CustomerAccount? Customer { get; set; } = customer;

    public string Language { get; set; } = language;

    public CancellationToken Cancellation { get; init; }

    public string T(BotText text, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.In(Language, args);
    }

    public Task<Message> ReplyAsync(string text, ReplyMarkup? markup = null) =>
        bot.SendMessage(chatId, text, replyMarkup: markup, cancellationToken: Cancellation);

    public Task<Message> ReplyAsync(BotText text, ReplyMarkup? markup = null, params object?[] args) => ReplyAsync(T(text, args), markup);
}
