using System.Globalization;
using LoyaltyBot.Domain.Errors;

namespace LoyaltyBot.Domain.Tests.Values;

public class MoneyCreatePositiveTests
{
    private const decimal Maximum = 1_000_000m;

    [Theory]
    [InlineData("1000", "RUB")]
    [InlineData("0.01", "RUB")]
    [InlineData("99.9", "USD")]
    [InlineData("1500", "JPY")]
    [InlineData("12.345", "KWD")]
    public void AcceptsAPositiveAmountWithinTheCurrencysDecimals(string amount, string currency)
    {
        var value = decimal.Parse(amount, CultureInfo.InvariantCulture);

        var result = Money.Money.CreatePositive(value, currency, Maximum);

        Assert.True(result.IsSuccess);
        Assert.Equal(value, result.Value.Amount);
        Assert.Equal(currency, result.Value.Currency.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.01)]
    [InlineData(-500)]
    public void RejectsAnAmountThatIsNotPositive(double amount)
    {
        var result = Money.Money.CreatePositive((decimal)amount, "RUB", Maximum, "total");

        Assert.Equal(LoyaltyErrorCode.AmountNotPositive, result.Error?.Code);
        Assert.Equal("total", result.Error?.Field);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("rubles")]
    [InlineData("")]
    [InlineData(null)]
    public void RejectsAnUnknownCurrency(string? currency)
    {
        var result = Money.Money.CreatePositive(100m, currency, Maximum);

        Assert.Equal(LoyaltyErrorCode.UnknownCurrency, result.Error?.Code);
        Assert.Equal("currency", result.Error?.Field);
    }

    [Fact]
    public void AcceptsACurrencyCodeInAnyCaseAndWithSurroundingSpaces()
    {
        var result = Money.Money.CreatePositive(100m, " rub ", Maximum);

        Assert.Equal(Money.Currency.Rub, result.Value.Currency);
    }

    [Fact]
    public void RejectsKopecksBeyondTwoDecimalsForRubles()
    {
        var result = Money.Money.CreatePositive(100.005m, "RUB", Maximum);

        Assert.Equal(LoyaltyErrorCode.TooManyDecimals, result.Error?.Code);
        Assert.Contains("2", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptsTrailingZerosBeyondTheCurrencysDecimals()
    {
        var result = Money.Money.CreatePositive(100.500m, "RUB", Maximum);

        Assert.Equal(100.5m, result.Value.Amount);
    }

    [Theory]
    [InlineData(100.5)]
    [InlineData(0.5)]
    [InlineData(1999.01)]
    public void RejectsAnyFractionOfAYen(double amount)
    {
        var result = Money.Money.CreatePositive((decimal)amount, "JPY", Maximum);

        Assert.Equal(LoyaltyErrorCode.TooManyDecimals, result.Error?.Code);
    }

    [Fact]
    public void RejectsAnAmountAboveTheMaximum()
    {
        var result = Money.Money.CreatePositive(Maximum + 0.01m, "RUB", Maximum);

        Assert.Equal(LoyaltyErrorCode.AmountAboveMaximum, result.Error?.Code);
    }

    [Fact]
    public void AcceptsExactlyTheMaximum()
    {
        Assert.True(Money.Money.CreatePositive(Maximum, "RUB", Maximum).IsSuccess);
    }

    [Fact]
    public void OfRoundsToTheCurrencysDecimals()
    {
        Assert.Equal(10.13m, Money.Money.Of(10.126m, Money.Currency.Rub).Amount);
    }
}
