using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;
using static LoyaltyBot.Domain.Tests.Support.AccountOperations;

namespace LoyaltyBot.Domain.Tests.Accounts;

public class FailedOperationsLeaveTheAccountUnchangedTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default with { PendingDays = 14 };
    private static readonly DateTimeOffset Now = Moment.T0;

    // Every way an operation can fail, tried on an account with spendable, pending and expired-but-unprocessed lots.
    private static readonly Dictionary<string, Func<CustomerAccount, PurchaseRecord, LoyaltyError?>> Failures = new(StringComparer.Ordinal)
    {
        ["redeem zero"] = (a, _) => a.Redeem(Ops.Next(), 0, Rub(1_000m), Rules, Now).Error,
        ["redeem negative"] = (a, _) => a.Redeem(Ops.Next(), -10, Rub(1_000m), Rules, Now).Error,
        ["redeem above cap"] = (a, _) => a.Redeem(Ops.Next(), 31, Rub(100m), Rules, Now).Error,
        ["redeem in dollars"] = (a, _) => a.Redeem(Ops.Next(), 10, Usd(100m), Rules, Now).Error,
        ["redeem pending points"] = (a, _) => a.Redeem(Ops.Next(), 150, Rub(1_000m), Rules, Now).Error,
        ["redeem expired points"] = (a, _) => a.Redeem(Ops.Next(), 101, Rub(1_000m), Rules, Now).Error,
        ["refund above paid"] = (a, p) => a.Refund(Ops.Next(), p, Rub(p.Refundable + 0.01m), Rules, Now).Error,
        ["refund in dollars"] = (a, p) => a.Refund(Ops.Next(), p, Usd(10m), Rules, Now).Error,
        ["bonus of zero"] = (a, _) => a.GrantBonus(Ops.Next(), 0, "gift", Rules, Now).Error,
        ["bonus negative"] = (a, _) => a.GrantBonus(Ops.Next(), -5, "gift", Rules, Now).Error,
        ["adjust by zero"] = (a, _) => a.Adjust(Ops.Next(), 0, "nothing", Rules, Now).Error,
        ["adjust below holdings"] = (a, _) => a.Adjust(Ops.Next(), -301, "typo", Rules, Now).Error,
    };

    [Theory]
    [InlineData("redeem zero")]
    [InlineData("redeem negative")]
    [InlineData("redeem above cap")]
    [InlineData("redeem in dollars")]
    [InlineData("redeem pending points")]
    [InlineData("redeem expired points")]
    [InlineData("refund above paid")]
    [InlineData("refund in dollars")]
    [InlineData("bonus of zero")]
    [InlineData("bonus negative")]
    [InlineData("adjust by zero")]
    [InlineData("adjust below holdings")]
    public void AFailedOperationChangesNothing(string failure)
    {
        var (account, purchase) = MixedAccount();
        var before = AccountSnapshot.Of(account);

        var error = Failures[failure](account, purchase);

        Assert.NotNull(error);
        before.AssertSameAs(account);
    }

    [Fact]
    public void FailuresInDebtChangeNothingEither()
    {
        var account = new AccountBuilder().Build();
        var purchase = account.EarnPoints(30, ProgramRules.Default, Now.AddDays(-5)).Purchase;
        account.Redeem(Ops.Next(), 30, Rub(1_000m), ProgramRules.Default, Now.AddDays(-4));
        purchase = account.Refund(Ops.Next(), purchase, Rub(600m), ProgramRules.Default, Now.AddDays(-3)).Value.Purchase;
        var before = AccountSnapshot.Of(account);

        Assert.Equal(LoyaltyErrorCode.InsufficientPoints, account.Redeem(Ops.Next(), 1, Rub(1_000m), ProgramRules.Default, Now).Error?.Code);
        Assert.Equal(LoyaltyErrorCode.InsufficientPoints, account.Adjust(Ops.Next(), -1, "typo", ProgramRules.Default, Now).Error?.Code);
        Assert.Equal(LoyaltyErrorCode.RefundExceedsPurchase, account.Refund(Ops.Next(), purchase, Rub(400.01m), ProgramRules.Default, Now).Error?.Code);
        Assert.Null(account.ExpireDue(Ops.Next(), Now));
        before.AssertSameAs(account);
    }

    [Fact]
    public void ExpiringWhenNothingIsDueChangesNothing()
    {
        var (account, _) = MixedAccount();
        account.ExpireDue(Ops.Next(), Now);
        var before = AccountSnapshot.Of(account);

        Assert.Null(account.ExpireDue(Ops.Next(), Now));
        before.AssertSameAs(account);
    }

    /// <summary>100 spendable, 200 pending, and 50 of a bonus that expired yesterday but was not yet processed.</summary>
    private static (CustomerAccount Account, PurchaseRecord Purchase) MixedAccount()
    {
        var account = new AccountBuilder().Under(Rules).OpenedAt(Now.AddDays(-200)).Build();
        account.GrantBonus(Ops.Next(), 50, "welcome", Rules, Now.AddDays(-181));
        account.EarnPoints(100, Rules, Now.AddDays(-30));
        var purchase = account.EarnPoints(200, Rules, Now.AddDays(-1), paid: 5_000m).Purchase;
        Assert.Equal((100L, 200L, 350L), (account.SpendableAt(Now), account.PendingAt(Now), account.Balance));
        return (account, purchase);
    }
}
