using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;
using static LoyaltyBot.Domain.Tests.Support.AccountOperations;

namespace LoyaltyBot.Domain.Tests.Accounts;

public class AccountExpiryTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default;
    private static readonly DateTimeOffset BonusExpiry = Moment.T0.AddDays(180);

    [Fact]
    public void NothingExpiresBeforeItsTime()
    {
        var account = new AccountBuilder().WithBonus(100).Build();

        Assert.Null(account.ExpireDue(Ops.Next(), BonusExpiry.AddTicks(-1)));
        Assert.Equal(100, account.Balance);
    }

    [Fact]
    public void ALotExpiresAtItsExpiryInstant()
    {
        var account = new AccountBuilder().WithBonus(100).Build();

        var entry = account.ExpireDue(Ops.Next(), BonusExpiry);

        Assert.Equal((LedgerEntryKind.Expire, -100L, 0L), (entry?.Kind, entry?.Delta, entry?.BalanceAfter));
        Assert.Empty(account.Lots);
        Assert.Equal(100, account.Totals.Expired);
    }

    [Fact]
    public void OnlyWhatIsLeftOfASpentLotExpires()
    {
        var account = new AccountBuilder().WithBonus(100).Build();
        account.Redeem(Ops.Next(), 40, Rub(1_000m), Rules, Moment.T0.AddDays(1));

        Assert.Equal(-60, account.ExpireDue(Ops.Next(), BonusExpiry)?.Delta);
        Assert.Equal(0, account.Balance);
    }

    [Fact]
    public void OnlyTheLotsThatAreDueExpireAndOnlyOnce()
    {
        var account = new AccountBuilder().WithBonus(100).WithEarned(30).Build();

        var first = account.ExpireDue(Ops.Next(), BonusExpiry.AddDays(1));
        var second = account.ExpireDue(Ops.Next(), BonusExpiry.AddDays(1));

        Assert.Equal(-100, first?.Delta);
        Assert.Null(second);
        Assert.Equal(LotKind.Earned, Assert.Single(account.Lots).Kind);
    }

    [Fact]
    public void ExpiryCountsFromThePurchaseEvenWhenItWasProcessedLate()
    {
        var account = new AccountBuilder().Build();
        account.EarnPoints(30, Rules, occurredAt: Moment.T0, now: Moment.T0.AddDays(30));

        Assert.Null(account.ExpireDue(Ops.Next(), Moment.T0.AddDays(365).AddTicks(-1)));
        Assert.Equal(-30, account.ExpireDue(Ops.Next(), Moment.T0.AddDays(365))?.Delta);
    }

    [Fact]
    public void ExpiryDaysAreTheUtcDaysLotsExpireOn()
    {
        // 01:00 in Moscow is 22:00 UTC the day before.
        var lateEvening = new DateTimeOffset(2025, 3, 1, 1, 0, 0, TimeSpan.FromHours(3));
        var account = new AccountBuilder().OpenedAt(lateEvening).WithEarned(30).WithBonus(10).Build();

        Assert.Equal([new DateOnly(2025, 8, 27), new DateOnly(2026, 2, 28)], account.ExpiryDays().Order());
    }

    [Fact]
    public void APurchaseOlderThanTheExpiryEarnsALotThatIsAlreadyDue()
    {
        var account = new AccountBuilder().Build();
        account.EarnPoints(30, Rules, occurredAt: Moment.T0, now: Moment.T0.AddDays(400));

        Assert.Equal(0, account.SpendableAt(Moment.T0.AddDays(400)));
        Assert.Equal(-30, account.ExpireDue(Ops.Next(), Moment.T0.AddDays(400))?.Delta);
    }
}
