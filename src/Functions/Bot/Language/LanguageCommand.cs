using LoyaltyBot.Functions.Customers;
using Telegram.Bot;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyaltyBot.Functions.Bot.Language;

/// <summary><c>/language</c>: Русский or English, by inline buttons; the menu is shown again in the chosen language.</summary>
public sealed class LanguageCommand(CustomerProfiles profiles, CallbackData callbackData, MainMenu menu) : IBotCommand, IBotCallback
{
    private static readonly BotText Choose = new("Выберите язык:", "Choose your language:");
    private static readonly BotText Chosen = new("Готово: теперь я говорю по-русски.", "Done: I speak English now.");

    public string Name => "language";

    public string Prefix => "lang";

    public BotText Description { get; } = new("Язык / Language", "Language / Язык");

    public BotText? Button => null;

    public bool NeedsCustomer => true;

    public Task HandleAsync(BotContext context, string argument)
    {
        ArgumentNullException.ThrowIfNull(context);
        var buttons = new InlineKeyboardMarkup(
        [
            [InlineKeyboardButton.WithCallbackData("Русский", callbackData.Create(Prefix, BotLanguage.Russian)),
             InlineKeyboardButton.WithCallbackData("English", callbackData.Create(Prefix, BotLanguage.English))],
        ]);
        return context.ReplyAsync(Choose, buttons);
    }

    public async Task<bool> PressAsync(BotContext context, string payload)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!BotLanguage.IsSupported(payload))
        {
            return false;
        }

        await profiles.SetLanguageAsync(context.Customer!.CustomerId, payload, context.Cancellation);
        context.Language = payload;
        await context.Bot.AnswerCallbackQuery(context.Update.CallbackQuery!.Id, cancellationToken: context.Cancellation);
        await context.ReplyAsync(Chosen, menu.Keyboard(payload));
        return true;
    }
}
