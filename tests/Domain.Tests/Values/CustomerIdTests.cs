using LoyaltyBot.Domain.Customers;

namespace LoyaltyBot.Domain.Tests.Values;

public class CustomerIdTests
{
    [Fact]
    public void NewIdsAreWellFormedAndDistinct()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => CustomerId.New()).ToList();

        Assert.All(ids, id => Assert.True(CustomerId.IsWellFormed(id), id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("c-1_A")]
    [InlineData("x")]
    public void AcceptsLettersDigitsDashesAndUnderscores(string id)
    {
        Assert.True(CustomerId.IsWellFormed(id));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("hash#")]
    [InlineData("кириллица")]
    public void RejectsWhatCannotStandInATableKeyOrUrl(string? id)
    {
        Assert.False(CustomerId.IsWellFormed(id));
    }

    [Fact]
    public void RejectsMoreThanSixtyFourCharacters()
    {
        Assert.True(CustomerId.IsWellFormed(new string('a', 64)));
        Assert.False(CustomerId.IsWellFormed(new string('a', 65)));
    }
}
