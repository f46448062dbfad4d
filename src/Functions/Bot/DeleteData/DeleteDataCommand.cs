using LoyaltyBot.Functions.Customers;
using Telegram.Bot;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyaltyBot.Functions.Bot.DeleteData;

/// <summary>
/// <c>/deletedata</c>: asks for confirmation with two inline buttons; "Yes, erase" erases the customer's personal data
/// (<see cref="Erasure"/>). The button names the customer it was made for, so an old one can never erase an
/// account registered after it. Afterwards every command asks for /start, which begins afresh.
/// </summary>
public sealed class DeleteDataCommand(Erasure eraser, CallbackData callbackData, MainMenu menu) : IBotCommand, IBotCallback
{
    private const string Yes = "y-";
    private const string No = "n";

    public string Name => "deletedata";

    public string Prefix => "erase";

    public BotText Description { get; } = new("Удалить мои личные данные", "Erase my personal data");

    public BotText? Button => null;

    public bool NeedsCustomer => true;

    public Task HandleAsync(BotContext context, string argument)
    {
        ArgumentNullException.ThrowIfNull(context);
        var customer = context.Customer!;
        var buttons = new InlineKeyboardMarkup(
        [
            [InlineKeyboardButton.WithCallbackData(context.T(DeleteDataTexts.YesButton), callbackData.Create(Prefix, Yes + customer.CustomerId)),
             InlineKeyboardButton.WithCallbackData(context.T(DeleteDataTexts.NoButton), callbackData.Create(Prefix, No))],
        ]);
        return context.ReplyAsync(DeleteDataTexts.Confirm, buttons, Domain.Customers.CardNumber.Grouped(customer.Profile.CardNumber), customer.Balance);
    }

    public async Task<bool> PressAsync(BotContext context, string payload)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(payload);
        var query = context.Update.CallbackQuery!;
        if (payload == No)
        {
            await context.Bot.AnswerCallbackQuery(query.Id, cancellationToken: context.Cancellation);
            await context.ReplyAsync(DeleteDataTexts.Cancelled, menu.Keyboard(context.Language));
        }
        else if (payload == Yes + context.Customer!.CustomerId)
        {
            await eraser.EraseAsync(context.Customer.CustomerId, context.From.Id, context.Cancellation);
            context.Customer = null;
            await context.Bot.AnswerCallbackQuery(query.Id, cancellationToken: context.Cancellation);
            await context.ReplyAsync(DeleteDataTexts.Erased, new ReplyKeyboardRemove());
        }
        else
        {
            return false;
        }

        // The question is answered: its buttons go.
        if (query.Message is { } question)
        {
            await context.Bot.EditMessageReplyMarkup(question.Chat.Id, question.Id, null, cancellationToken: context.Cancellation);
        }

        return true;
    }
}

public static class DeleteDataTexts
{
    public static readonly BotText Confirm = new(
        "Удалить ваши личные данные? Имя, телефон, день рождения и связь с этим чатом будут стёрты, а карта {0} и её {1:N0} баллов перестанут действовать. Отменить удаление нельзя.",
        "Erase your personal data? Your name, phone, birthday and the link to this chat will be erased, and card {0} with its {1:N0} points will stop working. This cannot be undone.");

    public static readonly BotText YesButton = new("Да, удалить", "Yes, erase");

    public static readonly BotText NoButton = new("Отмена", "Cancel");

    public static readonly BotText Cancelled = new("Хорошо, ничего не удаляю.", "OK, nothing was erased.");

    public static readonly BotText Erased = new(
        "Готово: ваши личные данные удалены. Захотите вернуться — нажмите /start, начнём с чистого листа.",
        "Done: your personal data has been erased. If you want to come back, press /start to begin afresh.");
}
