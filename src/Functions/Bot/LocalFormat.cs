using System.Globalization;
using LoyaltyBot.Domain.Money;

namespace LoyaltyBot.Functions.Bot;

/// <summary>Words and values as a reader of the language expects them: plural forms, days in the program's zone, money.</summary>
public static class LocalFormat
{
    /// <summary>"балл/балла/баллов" or "point/points", to follow a number.</summary>
    public static string Points(string language, long count) => BotNoun.Points.Word(count, language);

    /// <summary>"12 марта" or "12 March" in <paramref name="zone"/>, with the year when it is not this year.</summary>
    public static string Day(string language, DateTimeOffset moment, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(moment, zone);
        var format = local.Year == TimeZoneInfo.ConvertTime(now, zone).Year ? "d MMMM" : "d MMMM yyyy";
        return local.ToString(format, BotText.CultureOf(language));
    }

    /// <summary>"1 000 ₽" or "1,000.50 €": the currency's own decimals, dropped when they are zero.</summary>
    public static string Money(string language, decimal amount, string? currencyCode)
    {
        var digits = Currency.TryFind(currencyCode, out var currency) ? currency.MinorDigits : 2;
        var number = amount.ToString(amount == decimal.Truncate(amount) ? "N0" : "N" + digits.ToString(CultureInfo.InvariantCulture), BotText.CultureOf(language));
        return $"{number} {CurrencySign(currencyCode)}";
    }

    /// <summary>The sign customers know for a currency (₽, $, €, £, ₸); its code otherwise.</summary>
    public static string CurrencySign(string? code) => code?.ToUpperInvariant() switch
    {
        "RUB" => "₽",
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "KZT" => "₸",
        null or "" => "",
        var other => other,
    };
}
