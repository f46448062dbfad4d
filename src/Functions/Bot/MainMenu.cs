using Telegram.Bot.Types.ReplyMarkups;

namespace LoyaltyBot.Functions.Bot;

/// <summary>The reply keyboard of every command that has a button, two per row, in the order the features were added.</summary>
public sealed class MainMenu(IEnumerable<IBotCommand> commands)
{
    private readonly IReadOnlyList<IBotCommand> withButtons = commands.Where(c => c.Button is not null).ToList();

    public ReplyKeyboardMarkup Keyboard(string language) =>
        new(withButtons.Select(c => new KeyboardButton(c.Button!.In(language))).Chunk(2).Select(row => row.ToArray()).ToArray())
        {
            ResizeKeyboard = true,
            IsPersistent = true,
        };

    /// <summary>The command whose button has this label, in either language.</summary>
    public IBotCommand? FindByButton(string text) =>
        withButtons.FirstOrDefault(c => string.Equals(c.Button!.Ru, text, StringComparison.Ordinal) || string.Equals(c.Button!.En, text, StringComparison.Ordinal));
}
