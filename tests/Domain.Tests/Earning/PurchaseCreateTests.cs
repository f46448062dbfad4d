using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Earning;

public class PurchaseCreateTests
{
    [Fact]
    public void APurchaseKeepsWhatTheMerchantSent()
    {
        var purchase = new PurchaseBuilder().From("m-7").Id("check-1").Amount(1_234.5m).At(Moment.T0).Item("coffee", 200m, 2m).Build();

        Assert.Equal("m-7", purchase.MerchantId);
        Assert.Equal("check-1", purchase.PurchaseId);
        Assert.Equal(1_234.5m, purchase.Amount.Amount);
        Assert.Equal(Moment.T0, purchase.OccurredAt);
        Assert.Equal(400m, Assert.Single(purchase.Items).Total);
    }

    [Fact]
    public void ThePaidAmountIsTheCheckLessThePointsRedeemed()
    {
        var purchase = new PurchaseBuilder().Amount(1_000m).PartlyPaidWithPoints(250).Build();

        Assert.Equal(750m, purchase.Paid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-10)]
    public void RejectsAnAmountThatIsNotPositive(double amount)
    {
        var result = new PurchaseBuilder().Amount((decimal)amount).TryBuild();

        Assert.Equal(LoyaltyErrorCode.AmountNotPositive, result.Error?.Code);
        Assert.Equal("amount", result.Error?.Field);
    }

    [Fact]
    public void RejectsKopecksBeyondTwoDecimals()
    {
        Assert.Equal(LoyaltyErrorCode.TooManyDecimals, new PurchaseBuilder().Amount(10.001m).TryBuild().Error?.Code);
    }

    [Fact]
    public void RejectsAnAmountAboveTheProgramsMaximum()
    {
        var rules = ProgramRules.Default with { MaxAmount = 500m };

        Assert.Equal(LoyaltyErrorCode.AmountAboveMaximum, new PurchaseBuilder().Under(rules).Amount(500.01m).TryBuild().Error?.Code);
        Assert.True(new PurchaseBuilder().Under(rules).Amount(500m).TryBuild().IsSuccess);
    }

    [Fact]
    public void RejectsAnUnknownCurrency()
    {
        Assert.Equal(LoyaltyErrorCode.UnknownCurrency, new PurchaseBuilder().Amount(100m, "ABC").TryBuild().Error?.Code);
    }

    [Fact]
    public void RejectsAKnownCurrencyOtherThanTheProgramsOwn()
    {
        var result = new PurchaseBuilder().Amount(100m, "USD").TryBuild();

        Assert.Equal(LoyaltyErrorCode.CurrencyMismatch, result.Error?.Code);
        Assert.Contains("RUB", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsNegativePointsRedeemed()
    {
        var result = new PurchaseBuilder().PartlyPaidWithPoints(-1).TryBuild();

        Assert.Equal("pointsRedeemed", result.Error?.Field);
    }

    [Fact]
    public void RejectsMorePointsRedeemedThanTheCheck()
    {
        var result = new PurchaseBuilder().Amount(100m).PartlyPaidWithPoints(101).TryBuild();

        Assert.Equal(LoyaltyErrorCode.RedemptionAboveCap, result.Error?.Code);
        Assert.Equal("pointsRedeemed", result.Error?.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void RejectsAnItemWhoseQuantityIsNotPositive(double quantity)
    {
        var result = new PurchaseBuilder().Item("bread", 50m).Item("milk", 80m, (decimal)quantity).TryBuild();

        Assert.Equal(LoyaltyErrorCode.AmountNotPositive, result.Error?.Code);
        Assert.Equal("items[1].quantity", result.Error?.Field);
    }

    [Fact]
    public void RejectsAnItemWithANegativePriceButAcceptsAFreeOne()
    {
        Assert.Equal("items[0].price", new PurchaseBuilder().Item("bread", -0.01m).TryBuild().Error?.Field);
        Assert.True(new PurchaseBuilder().Item("gift", 0m).TryBuild().IsSuccess);
    }
}
