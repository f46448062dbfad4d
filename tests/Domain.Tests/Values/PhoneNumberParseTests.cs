using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;

namespace LoyaltyBot.Domain.Tests.Values;

public class PhoneNumberParseTests
{
    [Theory]
    [InlineData("8 (912) 345-67-89")]
    [InlineData("+7 912 345 67 89")]
    [InlineData("+7 (912) 345-67-89")]
    [InlineData("89123456789")]
    [InlineData("79123456789")]
    [InlineData("9123456789")]
    public void ReadsTheWaysRussiansWriteAMobileNumberAsE164(string typed)
    {
        var result = PhoneNumber.Parse(typed);

        Assert.Equal("+79123456789", result.Value.E164);
    }

    [Theory]
    [InlineData("+7 912 FLOWERS")]
    [InlineData("8 800 GO LOYAL")]
    [InlineData("+7 912 345 67 89 ext. 1")]
    [InlineData("+7/912/345/67/89")]
    [InlineData("+7\t912 345 67 89")]
    [InlineData("+7 912 345 67 8\u0669")]
    public void RefusesLettersAndAnyMarkButSpacesPlusDashesBracketsAndDots(string typed)
    {
        var result = PhoneNumber.Parse(typed);

        Assert.Equal(LoyaltyErrorCode.InvalidPhone, result.Error?.Code);
        Assert.Equal("phone", result.Error?.Field);
    }

    [Theory]
    [InlineData("+7 (912) 345-67-89")]
    [InlineData("+7.912.345.67.89")]
    [InlineData("8-912-345-67-89")]
    public void AcceptsEachAllowedMark(string typed)
    {
        Assert.Equal("+79123456789", PhoneNumber.Parse(typed).Value.E164);
    }

    [Fact]
    public void KeepsTheCountryCodeOfAForeignNumber()
    {
        Assert.Equal("+16502530000", PhoneNumber.Parse("+1 650-253-0000").Value.E164);
    }

    [Fact]
    public void ReadsANumberWithoutCountryCodeInTheGivenRegion()
    {
        Assert.Equal("+16502530000", PhoneNumber.Parse("(650) 253-0000", "US").Value.E164);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("call me maybe")]
    [InlineData("123")]
    [InlineData("+7 912 345 67 89 00")]
    [InlineData("+7 912 345 67 89 00000000000000000000000")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void RejectsWhatIsNotAValidNumber(string? typed)
    {
        var result = PhoneNumber.Parse(typed, field: "contact");

        Assert.Equal(LoyaltyErrorCode.InvalidPhone, result.Error?.Code);
        Assert.Equal("contact", result.Error?.Field);
    }

    [Fact]
    public void MasksAllButTheCountryCodeAndTheLastTwoDigits()
    {
        var masked = PhoneNumber.Parse("+7 912 345 67 89").Value.Masked;

        Assert.StartsWith("+7", masked, StringComparison.Ordinal);
        Assert.EndsWith("89", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("345", masked, StringComparison.Ordinal);
    }
}
