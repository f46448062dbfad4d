using Telegram.Bot.Types.ReplyMarkups;

namespace LoyaltyBot.Functions.Bot;

/// <summary>The reply keyboard of every command that has a button, two per row, in the order the features were added.</summary>
public sealed class MainMenu(IServiceProvider services)
{
    // Resolved on first use: the commands themselves show this menu, so they cannot be its constructor's arguments.
    private readonly Lazy<IReadOnlyList<IBotCommand>> buttons = new(() => services.GetServices<IBotCommand>().Where(c => c.Button is not null).ToList());

    private IReadOnlyList<IBotCommand> WithButtons => buttons.Value;

    public ReplyKeyboardMarkup Keyboard(string language) =>
        new(WithButtons.Select(c => new KeyboardButton(c.Button!.In(language))).Chunk(2).Select(row => row.ToArray()).ToArray())
        {
            ResizeKeyboard = true,
            IsPersistent = true,
        };

    /// <summary>The command whose button has this label, in either language.</summary>
    public IBotCommand? FindByButton(string text) =>
        WithButtons.FirstOrDefault(c => string.Equals(c.Button!.Ru, text, StringComparison.Ordinal) || string.Equals(c.Button!.En, text, StringComparison.Ordinal));
}
