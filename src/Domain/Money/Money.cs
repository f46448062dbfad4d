using LoyaltyBot.Domain.Errors;

namespace LoyaltyBot.Domain.Money;

/// <summary>An amount of money in one currency, never with more decimals than the currency has.</summary>
public readonly record struct Money
{
    private Money(decimal amount, Currency currency)
    {
        Amount = amount;
        Currency = currency;
    }

    public decimal Amount { get; }

    public Currency Currency { get; }

    /// <summary>A positive amount no larger than <paramref name="maximum"/>, in a known currency.</summary>
    public static Result<Money> CreatePositive(decimal amount, string? currencyCode, decimal maximum, string field = "amount")
    {
        if (!Currency.TryFind(currencyCode, out var currency))
        {
            return new LoyaltyError(LoyaltyErrorCode.UnknownCurrency, "currency", $"'{currencyCode}' is not a supported ISO 4217 currency code");
        }

        if (amount <= 0)
        {
            return LoyaltyError.AmountNotPositive(field);
        }

        if (decimal.Round(amount, currency.MinorDigits) != amount)
        {
            return new LoyaltyError(LoyaltyErrorCode.TooManyDecimals, field, $"{currency.Code} amounts have at most {currency.MinorDigits} decimal places");
        }

        if (amount > maximum)
        {
            return new LoyaltyError(LoyaltyErrorCode.AmountAboveMaximum, field, $"must not exceed {maximum} {currency.Code}");
        }

        return new Money(amount, currency);
    }

    /// <summary>For amounts already validated (read back from storage or derived from validated ones).</summary>
    public static Money Of(decimal amount, Currency currency) => new(decimal.Round(amount, currency.MinorDigits), currency);

    public static Money Zero(Currency currency) => new(0m, currency);

    public override string ToString() => $"{Amount} {Currency.Code}";
}
