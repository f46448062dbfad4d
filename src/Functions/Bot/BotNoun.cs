namespace LoyaltyBot.Functions.Bot;

/// <summary>A counted noun in both languages: «1 балл, 2 балла, 5 баллов», "1 point, 5 points".</summary>
public sealed record BotNoun(string RuOne, string RuFew, string RuMany, string EnOne, string EnMany)
{
    public static readonly BotNoun Points = new("балл", "балла", "баллов", "point", "points");

    public static readonly BotNoun Days = new("день", "дня", "дней", "day", "days");

    /// <summary>The number formatted for the language, then the noun in the form the number takes.</summary>
    public string Count(long count, string language) => $"{count.ToString("N0", BotText.CultureOf(language))} {Word(count, language)}";

    public string Word(long count, string language)
    {
        var n = Math.Abs(count);
        if (language != BotLanguage.Russian)
        {
            return n == 1 ? EnOne : EnMany;
        }

        return (n % 10, n % 100) switch
        {
            (1, not 11) => RuOne,
            (2 or 3 or 4, not (12 or 13 or 14)) => RuFew,
            _ => RuMany,
        };
    }
}
