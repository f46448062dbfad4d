namespace LoyaltyBot.Domain.Money;

/// <summary>An ISO 4217 currency with the number of decimals its amounts may carry.</summary>
public readonly record struct Currency(string Code, int MinorDigits)
{
    public static readonly Currency Rub = new("RUB", 2);

    // ISO 4217 minor units of the currencies our merchants use; .NET has no table of them.
    private static readonly Dictionary<string, Currency> Known = new[]
    {
        Rub, new Currency("USD", 2), new Currency("EUR", 2), new Currency("GBP", 2), new Currency("KZT", 2),
        new Currency("BYN", 2), new Currency("UAH", 2), new Currency("UZS", 2), new Currency("AMD", 2),
        new Currency("GEL", 2), new Currency("AZN", 2), new Currency("KGS", 2), new Currency("TRY", 2),
        new Currency("CNY", 2), new Currency("AED", 2), new Currency("INR", 2), new Currency("RSD", 2),
        new Currency("JPY", 0), new Currency("KRW", 0), new Currency("VND", 0), new Currency("KWD", 3),
    }.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);

    public static bool TryFind(string? code, out Currency currency)
    {
        currency = default;
        return code is not null && Known.TryGetValue(code.Trim(), out currency);
    }

    public static IEnumerable<string> Codes => Known.Keys;

    public override string ToString() => Code;
}
