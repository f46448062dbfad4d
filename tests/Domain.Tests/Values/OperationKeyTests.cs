using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;

namespace LoyaltyBot.Domain.Tests.Values;

public class OperationKeyTests
{
    [Fact]
    public void NamesTheSourceAndItsOwnId()
    {
        var key = OperationKey.Create("merchant:m-1", "check-42").Value;

        Assert.Equal("merchant:m-1", key.Source);
        Assert.Equal("check-42", key.Id);
        Assert.Equal("merchant:m-1/check-42", key.ToString());
    }

    [Fact]
    public void KeysWithTheSameSourceAndIdAreEqual()
    {
        Assert.Equal(OperationKey.Of("bot", "update-7"), OperationKey.Create("bot", "update-7").Value);
        Assert.NotEqual(OperationKey.Of("bot", "update-7"), OperationKey.Of("job", "update-7"));
    }

    [Fact]
    public void AcceptsAnIdOfExactlyTheMaximumLength()
    {
        Assert.True(OperationKey.Create("bot", new string('x', OperationKey.MaxIdLength)).IsSuccess);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("line\nbreak")]
    [InlineData("tab\there")]
    public void RejectsABlankIdOrOneWithControlCharacters(string? id)
    {
        var result = OperationKey.Create("bot", id, "purchaseId");

        Assert.Equal(LoyaltyErrorCode.InvalidOperationId, result.Error?.Code);
        Assert.Equal("purchaseId", result.Error?.Field);
    }

    [Fact]
    public void RejectsAnIdLongerThanTheMaximum()
    {
        var result = OperationKey.Create("bot", new string('x', OperationKey.MaxIdLength + 1));

        Assert.Equal(LoyaltyErrorCode.InvalidOperationId, result.Error?.Code);
    }

    [Fact]
    public void OfThrowsForAnIdTheProgramShouldNeverHaveMade()
    {
        Assert.Throws<ArgumentException>(() => OperationKey.Of("job", ""));
    }

    [Fact]
    public void CreateThrowsForAMissingSource()
    {
        Assert.ThrowsAny<ArgumentException>(() => OperationKey.Create(" ", "id"));
    }
}
