using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyaltyBot.Functions.Bot.Phone;

/// <summary>
/// <c>/phone</c> and its button: asks for the customer's number through a <c>request_contact</c> button, and binds the
/// contact that comes back if it is the sender's own. Purchases made earlier with that number bring their points along
/// (<see cref="PhoneBinding"/>). Afterwards the main menu replaces the contact keyboard.
/// </summary>
public sealed partial class PhoneCommand(PhoneBinding binding, ProgramStore program, PendingInputs pending, MainMenu menu, ILogger<PhoneCommand> logger)
    : IBotCommand, IBotInput
{
    public string Name => "phone";

    string IBotInput.Name => UpdateRouter.ContactInput;

    public BotText Description { get; } = new("Привязать номер телефона", "Bind your phone number");

    public BotText? Button { get; } = new("📱 Телефон", "📱 Phone");

    public bool NeedsCustomer => true;

    public async Task HandleAsync(BotContext context, string argument)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Customer!.Profile.Phone is { } phone)
        {
            await context.ReplyAsync(PhoneTexts.HasPhone, menu.Keyboard(context.Language), phone);
            return;
        }

        await pending.SetAsync(context.From.Id, UpdateRouter.ContactInput, "", context.Cancellation);
        await context.ReplyAsync(PhoneTexts.Ask, AskKeyboard(context));
    }

    /// <summary>A contact (from any message), or text typed while the contact keyboard is up.</summary>
    public async Task<bool> ReceiveAsync(BotContext context, string text)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Update.Message?.Contact is { } contact)
        {
            return await BindAsync(context, contact);
        }

        if (text == PhoneTexts.CancelButton.Ru || text == PhoneTexts.CancelButton.En)
        {
            await context.ReplyAsync(PhoneTexts.Cancelled, menu.Keyboard(context.Language));
            return true;
        }

        await context.ReplyAsync(PhoneTexts.PressTheButton, AskKeyboard(context));
        return false;
    }

    private async Task<bool> BindAsync(BotContext context, Contact contact)
    {
        // Only Telegram's own share of the sender's number proves it is theirs; a forwarded card proves nothing.
        if (contact.UserId != context.From.Id)
        {
            LogForeignContact(logger, context.Customer!.CustomerId);
            await context.ReplyAsync(PhoneTexts.NotYours, AskKeyboard(context));
            return false;
        }

        // Telegram sends the number in international form, usually without the plus.
        var raw = (contact.PhoneNumber ?? "").Trim();
        var phone = PhoneNumber.Parse(raw.StartsWith('+') ? raw : "+" + raw);
        if (!phone.IsSuccess)
        {
            await context.ReplyAsync(PhoneTexts.Unreadable, menu.Keyboard(context.Language));
            return true;
        }

        var rules = await program.GetAsync(context.Cancellation);
        var outcome = await binding.BindAsync(context.Customer!.CustomerId, phone.Value, rules, context.Cancellation);
        var keyboard = menu.Keyboard(context.Language);
        await (outcome.Status switch
        {
            PhoneBindingStatus.Bound when outcome.PointsMoved > 0 => context.ReplyAsync(PhoneTexts.BoundWithPoints, keyboard, outcome.Phone, outcome.PointsMoved),
            PhoneBindingStatus.Bound => context.ReplyAsync(PhoneTexts.Bound, keyboard, outcome.Phone),
            PhoneBindingStatus.AlreadyBound when outcome.PointsMoved > 0 => context.ReplyAsync(PhoneTexts.AlreadyBoundWithPoints, keyboard, outcome.Phone, outcome.PointsMoved),
            PhoneBindingStatus.AlreadyBound => context.ReplyAsync(PhoneTexts.AlreadyBound, keyboard, outcome.Phone),
            PhoneBindingStatus.HasAnotherPhone => context.ReplyAsync(PhoneTexts.HasPhone, keyboard, outcome.Phone),
            _ => context.ReplyAsync(PhoneTexts.Taken, keyboard),
        });
        return true;
    }

    private static ReplyKeyboardMarkup AskKeyboard(BotContext context) =>
        new([[KeyboardButton.WithRequestContact(context.T(PhoneTexts.SendButton))], [new KeyboardButton(context.T(PhoneTexts.CancelButton))]])
        {
            ResizeKeyboard = true,
            OneTimeKeyboard = true,
        };

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId} sent a contact that is not their own; refused")]
    private static partial void LogForeignContact(ILogger logger, string customerId);
}

public static class PhoneTexts
{
    public static readonly BotText SendButton = new("📱 Отправить мой номер", "📱 Send my number");

    public static readonly BotText CancelButton = new("Отмена", "Cancel");

    public static readonly BotText Ask = new(
        "Нажмите кнопку «📱 Отправить мой номер» ниже. Покупки по этому номеру будут приносить баллы на вашу карту, а баллы за прежние покупки перейдут к вам.",
        "Press «📱 Send my number» below. Purchases made with that number will then earn points on your card, and points from earlier purchases will move to you.");

    public static readonly BotText PressTheButton = new(
        "Номер принимается только кнопкой «📱 Отправить мой номер» ниже: так Telegram подтверждает, что он ваш. Передумали — нажмите «Отмена».",
        "I can only take your number through the «📱 Send my number» button below: that way Telegram confirms it is yours. Changed your mind? Press «Cancel».");

    public static readonly BotText NotYours = new(
        "Это чужой контакт. Отправьте свой номер кнопкой «📱 Отправить мой номер» ниже.",
        "That is someone else's contact. Please send your own number with the «📱 Send my number» button below.");

    public static readonly BotText Unreadable = new(
        "Не получилось распознать этот номер. Если ошибка повторится, обратитесь к организатору программы.",
        "I could not read that number. If it happens again, please contact the program owner.");

    public static readonly BotText Cancelled = new("Хорошо, номер не привязываю.", "OK, no phone number for now.");

    public static readonly BotText Bound = new(
        "Готово: номер {0} привязан к вашей карте.",
        "Done: {0} is now bound to your card.");

    public static readonly BotText BoundWithPoints = new(
        "Готово: номер {0} привязан к вашей карте. {1:N0} баллов за прежние покупки теперь ваши.",
        "Done: {0} is now bound to your card. {1:N0} points from earlier purchases are now yours.");

    public static readonly BotText AlreadyBound = new(
        "Номер {0} уже привязан к вашей карте.",
        "{0} is already bound to your card.");

    public static readonly BotText AlreadyBoundWithPoints = new(
        "Номер {0} уже привязан к вашей карте, и {1:N0} баллов за прежние покупки уже ваши.",
        "{0} is already bound to your card, and the {1:N0} points from earlier purchases are already yours.");

    public static readonly BotText HasPhone = new(
        "К вашей карте привязан номер {0}. Сменить его можно только через организатора программы.",
        "Your card has the number {0}. To change it, please contact the program owner.");

    public static readonly BotText Taken = new(
        "Этот номер уже привязан к другому участнику программы. Если это ошибка, обратитесь к организатору программы.",
        "This number is already bound to another member of the program. If that is a mistake, please contact the program owner.");
}
