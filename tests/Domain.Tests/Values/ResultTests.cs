using LoyaltyBot.Domain.Errors;

namespace LoyaltyBot.Domain.Tests.Values;

public class ResultTests
{
    private static readonly LoyaltyError NotFound = LoyaltyError.CustomerNotFound();

    [Fact]
    public void ASuccessCarriesItsValue()
    {
        Result<int> result = 42;

        Assert.True(result.IsSuccess);
        Assert.Null(result.Error);
        Assert.Equal(42, result.Value);
    }

    [Fact]
    public void AFailureCarriesItsErrorAndRefusesAValue()
    {
        Result<int> result = NotFound;

        Assert.False(result.IsSuccess);
        Assert.Equal(NotFound, result.Error);
        var thrown = Assert.Throws<InvalidOperationException>(() => result.Value);
        Assert.Contains(nameof(LoyaltyErrorCode.CustomerNotFound), thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapTransformsASuccessAndPassesAFailureThrough()
    {
        Assert.Equal("42", Result<int>.Success(42).Map(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).Value);
        Assert.Equal(NotFound, Result<int>.Failure(NotFound).Map(v => v * 2).Error);
    }

    [Fact]
    public void AFailureWithoutAnErrorIsAProgrammingError()
    {
        Assert.Throws<ArgumentNullException>(() => Result<int>.Failure(null!));
    }

    [Fact]
    public void ErrorFactoriesNameTheirField()
    {
        Assert.Equal(("amount", LoyaltyErrorCode.AmountNotPositive), (LoyaltyError.AmountNotPositive("amount").Field, LoyaltyError.AmountNotPositive("amount").Code));
        Assert.Equal(("points", LoyaltyErrorCode.PointsNotPositive), (LoyaltyError.PointsNotPositive("points").Field, LoyaltyError.PointsNotPositive("points").Code));
        Assert.Equal("customer", NotFound.Field);
    }
}
