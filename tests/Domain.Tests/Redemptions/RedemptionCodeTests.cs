using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Redemptions;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Redemptions;

public class RedemptionCodeTests
{
    private static readonly OperationKey Redemption = OperationKey.Of("m-1.redemption", "r-1");

    [Fact]
    public void AnIssuedCodeIsSixDigitsValidForTenMinutesForOneCustomer()
    {
        var code = RedemptionCode.Issue("c-1", Moment.T0);

        Assert.Matches("^[0-9]{6}$", code.Value);
        Assert.Equal(("c-1", Moment.T0, Moment.T0.AddMinutes(10)), (code.CustomerId, code.IssuedAt, code.ExpiresAt));
        Assert.Null(code.UsedBy);
    }

    [Fact]
    public void CodesAreSpreadOverTheWholeSpaceLeadingZerosIncluded()
    {
        var codes = Enumerable.Range(0, 10_000).Select(_ => RedemptionCode.NewValue()).ToList();

        Assert.All(codes, c => Assert.True(RedemptionCode.IsWellFormed(c), c));
        // Among a million values, 10 000 draws repeat about 50 times; a weak generator repeats far more.
        Assert.InRange(codes.Distinct(StringComparer.Ordinal).Count(), 9_850, 10_000);
        Assert.Contains(codes, c => c[0] == '0');
        Assert.Contains(codes, c => c[0] == '9');
    }

    [Fact]
    public void ACodeIsValidUntilTenMinutesAfterItWasIssued()
    {
        var code = RedemptionCode.Issue("c-1", Moment.T0);

        Assert.True(code.IsValidAt(Moment.T0));
        Assert.True(code.IsValidAt(Moment.T0.AddMinutes(10).AddTicks(-1)));
        Assert.False(code.IsValidAt(Moment.T0.AddMinutes(10)));
        Assert.True(code.IsReplaceableAt(Moment.T0.AddMinutes(10)));
        Assert.False(code.IsReplaceableAt(Moment.T0.AddMinutes(9)));
    }

    [Theory]
    [InlineData("012345", true)]
    [InlineData("999999", true)]
    [InlineData("12345", false)]
    [InlineData("1234567", false)]
    [InlineData("12a456", false)]
    [InlineData("12 456", false)]
    [InlineData("١٢٣٤٥٦", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void OnlySixAsciiDigitsAreWellFormed(string? value, bool wellFormed)
    {
        Assert.Equal(wellFormed, RedemptionCode.IsWellFormed(value));
    }

    [Fact]
    public void ClaimingSpendsTheCodeForThatRedemption()
    {
        var code = RedemptionCode.Issue("c-1", Moment.T0);

        var claimed = code.ClaimFor(Redemption, Moment.T0.AddMinutes(3));

        Assert.Equal(Redemption.ToString(), claimed.Value.UsedBy);
        Assert.Null(code.UsedBy);
    }

    [Fact]
    public void TheSameRedemptionMayClaimItsCodeAgainEvenAfterItExpired()
    {
        var claimed = RedemptionCode.Issue("c-1", Moment.T0).ClaimFor(Redemption, Moment.T0).Value;

        var again = claimed.ClaimFor(Redemption, Moment.T0.AddMinutes(30));

        Assert.Equal(claimed, again.Value);
    }

    [Fact]
    public void AnotherRedemptionFindsTheCodeUsed()
    {
        var claimed = RedemptionCode.Issue("c-1", Moment.T0).ClaimFor(Redemption, Moment.T0).Value;

        var other = claimed.ClaimFor(OperationKey.Of("m-2.redemption", "r-1"), Moment.T0.AddMinutes(1));

        Assert.Equal((LoyaltyErrorCode.RedemptionCodeUsed, "code"), (other.Error?.Code, other.Error?.Field));
    }

    [Fact]
    public void AnExpiredCodeCannotBeClaimed()
    {
        var code = RedemptionCode.Issue("c-1", Moment.T0);

        var late = code.ClaimFor(Redemption, Moment.T0.AddMinutes(10));

        Assert.Equal((LoyaltyErrorCode.RedemptionCodeExpired, "code"), (late.Error?.Code, late.Error?.Field));
    }

    [Fact]
    public void ReleasingMakesTheCodeUsableAgainButOnlyForTheRedemptionThatHeldIt()
    {
        var claimed = RedemptionCode.Issue("c-1", Moment.T0).ClaimFor(Redemption, Moment.T0).Value;

        Assert.Equal(Redemption.ToString(), claimed.ReleaseFor(OperationKey.Of("m-1.redemption", "r-2")).UsedBy);
        var released = claimed.ReleaseFor(Redemption);
        Assert.Null(released.UsedBy);
        Assert.True(released.ClaimFor(OperationKey.Of("m-1.redemption", "r-2"), Moment.T0.AddMinutes(1)).IsSuccess);
    }

    [Fact]
    public void TheCodeNeverShowsInFullWhenPrinted()
    {
        var code = new RedemptionCode("481516", "c-1", Moment.T0, Moment.T0.AddMinutes(10));

        Assert.DoesNotContain("481516", code.ToString(), StringComparison.Ordinal);
        Assert.Equal("****16", code.Masked);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("abcdef")]
    public void AMalformedCodeIsABug(string value)
    {
        Assert.Throws<ArgumentException>(() => new RedemptionCode(value, "c-1", Moment.T0, Moment.T0.AddMinutes(10)));
    }
}
