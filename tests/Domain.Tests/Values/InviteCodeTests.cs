using LoyaltyBot.Domain.Customers;

namespace LoyaltyBot.Domain.Tests.Values;

public class InviteCodeTests
{
    [Fact]
    public void NewCodesAreWellFormedAndDiffer()
    {
        var codes = Enumerable.Range(0, 1_000).Select(_ => InviteCode.NewRandom()).ToList();

        Assert.All(codes, code => Assert.True(InviteCode.IsWellFormed(code), code));
        Assert.All(codes, code => Assert.Equal(InviteCode.Length, code.Length));
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void NewCodesNeverUseCharactersThatReadAlikeAloud()
    {
        var used = string.Concat(Enumerable.Range(0, 1_000).Select(_ => InviteCode.NewRandom()));

        Assert.DoesNotContain(used, c => c is '0' or 'o' or '1' or 'l' or 'i');
    }

    [Theory]
    [InlineData("abcd2345")]
    [InlineData("zzzzzzzz")]
    public void AcceptsEightCharactersFromTheAlphabet(string code)
    {
        Assert.True(InviteCode.IsWellFormed(code));
    }

    [Theory]
    [InlineData("abcd234")]
    [InlineData("abcd23456")]
    [InlineData("abcd234o")]
    [InlineData("abcd2341")]
    [InlineData("abcd234l")]
    [InlineData("ABCD2345")]
    [InlineData("abcd-234")]
    [InlineData("")]
    [InlineData(null)]
    public void RejectsCodesOfTheWrongLengthOrAlphabet(string? code)
    {
        Assert.False(InviteCode.IsWellFormed(code));
    }
}
