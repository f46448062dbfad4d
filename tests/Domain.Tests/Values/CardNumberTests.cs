using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;

namespace LoyaltyBot.Domain.Tests.Values;

public class CardNumberTests
{
    // The textbook Luhn example 7992739871-3, padded with a leading zero to twelve digits (zeros do not change a Luhn sum).
    private const string KnownValid = "079927398713";

    [Fact]
    public void AcceptsANumberWithACorrectLuhnCheckDigit()
    {
        Assert.Equal(KnownValid, CardNumber.Parse(KnownValid).Value.Digits);
    }

    [Theory]
    [InlineData("0799 2739 8713")]
    [InlineData("0799-2739-8713")]
    [InlineData(" 0799-2739 8713 ")]
    public void AcceptsSpacesAndDashesAsCashiersTypeThem(string typed)
    {
        Assert.Equal(KnownValid, CardNumber.Parse(typed).Value.Digits);
    }

    [Fact]
    public void NewRandomNumbersAlwaysParseBack()
    {
        for (var i = 0; i < 2_000; i++)
        {
            var card = CardNumber.NewRandom();

            Assert.Equal(card, CardNumber.Parse(card.Digits).Value);
            Assert.Equal(CardNumber.Length, card.Digits.Length);
            Assert.Equal('7', card.Digits[0]);
        }
    }

    [Fact]
    public void CatchesEverySingleDigitTypo()
    {
        foreach (var digits in SampleNumbers())
        {
            for (var position = 0; position < digits.Length; position++)
            {
                foreach (var typo in "0123456789".Where(c => c != digits[position]))
                {
                    var typed = string.Concat(digits.AsSpan(0, position), typo.ToString(), digits.AsSpan(position + 1));

                    Assert.Equal(LoyaltyErrorCode.InvalidCard, CardNumber.Parse(typed).Error?.Code);
                }
            }
        }
    }

    [Fact]
    public void CatchesAnAdjacentTransposition()
    {
        // Luhn's one blind spot is swapping 0 and 9; every other swap of two different neighbours is caught.
        foreach (var digits in SampleNumbers())
        {
            for (var position = 0; position < digits.Length - 1; position++)
            {
                var (left, right) = (digits[position], digits[position + 1]);
                if (left == right || (left, right) is ('0', '9') or ('9', '0'))
                {
                    continue;
                }

                var swapped = digits.ToCharArray();
                (swapped[position], swapped[position + 1]) = (right, left);

                Assert.Equal(LoyaltyErrorCode.InvalidCard, CardNumber.Parse(new string(swapped)).Error?.Code);
            }
        }
    }

    [Theory]
    [InlineData("07992739871")]
    [InlineData("0799273987130")]
    [InlineData("07992739871a")]
    [InlineData("0799.2739.8713")]
    [InlineData("")]
    [InlineData(null)]
    public void RejectsAnythingButTwelveDigits(string? typed)
    {
        var result = CardNumber.Parse(typed, "card");

        Assert.Equal(LoyaltyErrorCode.InvalidCard, result.Error?.Code);
        Assert.Equal("card", result.Error?.Field);
    }

    [Fact]
    public void DisplaysInGroupsOfFour()
    {
        Assert.Equal("0799 2739 8713", CardNumber.Parse(KnownValid).Value.Display);
    }

    private static IEnumerable<string> SampleNumbers() =>
        [KnownValid, .. Enumerable.Range(0, 50).Select(_ => CardNumber.NewRandom().Digits)];
}
