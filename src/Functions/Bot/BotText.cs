using System.Globalization;

namespace LoyaltyBot.Functions.Bot;

/// <summary>
/// A sentence the bot says, in Russian and English, with <see cref="string.Format(IFormatProvider, string, object[])"/>
/// placeholders. Each feature keeps its texts beside its code.
/// </summary>
public sealed record BotText(string Ru, string En)
{
    public static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static CultureInfo CultureOf(string language) => language == BotLanguage.Russian ? Russian : English;

    public string In(string language, params object?[] args) =>
        string.Format(CultureOf(language), language == BotLanguage.Russian ? Ru : En, args);
}

public static class BotLanguage
{
    public const string Russian = "ru";
    public const string English = "en";

    /// <summary>Russian for Russian-speaking clients (and Belarusian, Kazakh, Ukrainian, who mostly read it), English otherwise.</summary>
    public static string FromTelegram(string? languageCode) =>
        languageCode is { Length: >= 2 } code && code[..2].ToLowerInvariant() is "ru" or "be" or "kk" or "uk" ? Russian : English;

    public static bool IsSupported(string? language) => language is Russian or English;
}
