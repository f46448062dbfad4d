using System.Globalization;

namespace LoyaltyBot.Functions.Bot;

/// <summary>
/// The lengths the Bot API accepts for the texts the bot sends, and text shortened to fit them. Lengths count UTF-16 code
/// units, never fewer than the characters Telegram counts; a cut falls between whole grapheme clusters (an emoji, a
/// letter with its accents) and ends with "…".
/// </summary>
public static class TelegramLimits
{
    /// <summary>sendMessage and editMessageText.</summary>
    public const int MessageText = 4096;

    /// <summary>sendPhoto and editMessageCaption.</summary>
    public const int Caption = 1024;

    /// <summary>answerCallbackQuery.</summary>
    public const int CallbackAnswer = 200;

    /// <summary>A person's name inside a sentence: long enough for any real name, short enough to leave room for the rest.</summary>
    public const int NameInText = 32;

    /// <summary>A name as the customer's profile keeps it.</summary>
    public const int StoredName = 128;

    public const string Ellipsis = "…";

    /// <summary><paramref name="text"/> itself when it fits in <paramref name="maxLength"/>; otherwise its longest prefix of whole grapheme clusters that fits with "…".</summary>
    public static string Shorten(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, Ellipsis.Length);
        if (text.Length <= maxLength)
        {
            return text;
        }

        var room = maxLength - Ellipsis.Length;
        var cut = 0;
        while (cut < text.Length && StringInfo.GetNextTextElementLength(text, cut) is var next && cut + next <= room)
        {
            cut += next;
        }

        return string.Concat(text.AsSpan(0, cut).TrimEnd(), Ellipsis);
    }

    /// <summary>A name to put in a sentence: trimmed, shortened to <see cref="NameInText"/>; empty when there is none.</summary>
    public static string Name(string? name) => Shorten(name?.Trim() ?? "", NameInText);
}
