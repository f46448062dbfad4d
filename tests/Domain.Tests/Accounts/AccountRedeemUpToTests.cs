using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;
using static LoyaltyBot.Domain.Tests.Support.AccountOperations;

namespace LoyaltyBot.Domain.Tests.Accounts;

public class AccountRedeemUpToTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default;

    [Fact]
    public void PointsWithinTheCapAndTheBalanceAreAppliedInFull()
    {
        var account = new AccountBuilder().WithEarned(500).Build();

        var entry = account.RedeemUpTo(Ops.Next(), 100, Rub(1_000m), Rules, Moment.T0, "m-1").Value;

        Assert.Equal((LedgerEntryKind.Redeem, -100L, 400L, "m-1"), (entry.Kind, entry.Delta, entry.BalanceAfter, entry.MerchantId));
    }

    [Fact]
    public void MorePointsThanTheCapAllowsAreCutToTheCap()
    {
        var account = new AccountBuilder().WithEarned(1_000).Build();

        var entry = account.RedeemUpTo(Ops.Next(), 500, Rub(999.99m), Rules, Moment.T0).Value;

        Assert.Equal(-299, entry.Delta); // 30% of 999.99, rounded down.
        Assert.Equal(701, account.Balance);
    }

    [Fact]
    public void MorePointsThanAreSpendableAreCutToTheSpendablePoints()
    {
        var rules = Rules with { PendingDays = 14 };
        var account = new AccountBuilder().Under(rules).WithBonus(80).WithEarned(500).Build();

        var entry = account.RedeemUpTo(Ops.Next(), 250, Rub(1_000m), rules, Moment.T0).Value;

        Assert.Equal(-80, entry.Delta); // The 500 earned are still pending.
        Assert.Equal(500, account.Balance);
    }

    [Fact]
    public void NothingSpendableIsRefusedNamingThePoints()
    {
        var account = new AccountBuilder().Build();
        var before = AccountSnapshot.Of(account);

        var result = account.RedeemUpTo(Ops.Next(), 50, Rub(1_000m), Rules, Moment.T0);

        Assert.Equal((LoyaltyErrorCode.InsufficientPoints, "points"), (result.Error?.Code, result.Error?.Field));
        before.AssertSameAs(account);
    }

    [Fact]
    public void ACheckTooSmallForOnePointIsRefusedNamingTheAmount()
    {
        var account = new AccountBuilder().WithEarned(500).Build();
        var before = AccountSnapshot.Of(account);

        var result = account.RedeemUpTo(Ops.Next(), 50, Rub(3m), Rules, Moment.T0);

        Assert.Equal((LoyaltyErrorCode.RedemptionAboveCap, "amount"), (result.Error?.Code, result.Error?.Field));
        before.AssertSameAs(account);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void PointsThatAreNotPositiveAreRefused(long points)
    {
        var account = new AccountBuilder().WithEarned(500).Build();

        Assert.Equal(LoyaltyErrorCode.PointsNotPositive, account.RedeemUpTo(Ops.Next(), points, Rub(1_000m), Rules, Moment.T0).Error?.Code);
    }

    [Fact]
    public void ACheckInAnotherCurrencyIsRefused()
    {
        var account = new AccountBuilder().WithEarned(500).Build();

        Assert.Equal(LoyaltyErrorCode.CurrencyMismatch, account.RedeemUpTo(Ops.Next(), 10, Usd(100m), Rules, Moment.T0).Error?.Code);
    }
}
