using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;
using static LoyaltyBot.Domain.Tests.Support.AccountOperations;

namespace LoyaltyBot.Domain.Tests.Accounts;

public class AccountCancelRedemptionTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default;

    [Fact]
    public void CancellingPutsThePointsBackIntoTheLotsTheyCameFrom()
    {
        var account = new AccountBuilder().WithEarned(100).WithBonus(50, Moment.T0.AddDays(10)).Build();
        var lotsBefore = account.Lots.ToList();
        var redemption = account.Redeem(Ops.Next(), 120, Rub(1_000m), Rules, Moment.T0.AddDays(20), "m-1").Value;
        Assert.Equal(30, account.Balance);

        var cancel = account.CancelRedemption(Ops.Next(), redemption, Rules, Moment.T0.AddDays(21)).Value;

        Assert.Equal(lotsBefore.Select(Shape), account.Lots.Select(Shape));
        Assert.Equal((LedgerEntryKind.RedemptionCancel, 120L, 150L, "m-1"), (cancel.Kind, cancel.Delta, cancel.BalanceAfter, cancel.MerchantId));
        Assert.Equal(redemption.Draws!.Select(d => (d.LotId, -d.Points)), cancel.Draws!.Select(d => (d.LotId, d.Points)));
        Assert.Equal(120, account.Totals.Restored);
        Assert.Equal(account.Balance, account.Totals.Net);
    }

    [Fact]
    public void ALotUsedUpSinceIsOpenedAgainUnderItsIdWithItsOriginalExpiry()
    {
        var account = new AccountBuilder().WithEarned(100).Build();
        var lot = Assert.Single(account.Lots);
        var redemption = account.Redeem(Ops.Next(), 100, Rub(1_000m), Rules, Moment.T0.AddDays(1)).Value;
        Assert.Empty(account.Lots);

        account.CancelRedemption(Ops.Next(), redemption, Rules, Moment.T0.AddDays(2));

        var reopened = Assert.Single(account.Lots);
        Assert.Equal((lot.Id, 100L, lot.AvailableAt, lot.ExpiresAt), (reopened.Id, reopened.Remaining, reopened.AvailableAt, reopened.ExpiresAt));
        Assert.Equal(LotKind.Restored, reopened.Kind);
        Assert.Equal(100, account.Balance);
    }

    [Fact]
    public void PointsWhoseLotHasExpiredMeanwhileAreNotRestored()
    {
        // The bonus (180 days) is drawn first, then 70 of the earned lot (365 days).
        var account = new AccountBuilder().WithEarned(100).WithBonus(50).Build();
        var redemption = account.Redeem(Ops.Next(), 120, Rub(1_000m), Rules, Moment.T0.AddDays(1)).Value;
        var afterBonusExpiry = Moment.T0.AddDays(Rules.BonusExpiryDays);

        var cancel = account.CancelRedemption(Ops.Next(), redemption, Rules, afterBonusExpiry).Value;

        Assert.Equal(70, cancel.Delta);
        var earned = Assert.Single(account.Lots);
        Assert.Equal((LotKind.Earned, 100L), (earned.Kind, earned.Remaining));
        Assert.Equal(100, account.Balance);
    }

    [Fact]
    public void ALotPastItsExpiryGetsNothingBackEvenBeforeTheExpiryJobTakesIt()
    {
        var account = new AccountBuilder().WithBonus(100).Build();
        var redemption = account.Redeem(Ops.Next(), 60, Rub(1_000m), Rules, Moment.T0.AddDays(1)).Value;
        var expiry = Moment.T0.AddDays(Rules.BonusExpiryDays);

        var cancel = account.CancelRedemption(Ops.Next(), redemption, Rules, expiry).Value;

        Assert.Equal((0L, 40L), (cancel.Delta, Assert.Single(account.Lots).Remaining));
        Assert.Equal(-40, account.ExpireDue(Ops.Next(), expiry)!.Delta);
        Assert.Equal(0, account.Balance);
    }

    [Fact]
    public void RestoredPointsPayADebtFirstAsAnyPointsComingInDo()
    {
        var account = new AccountBuilder().Build();
        var purchase = account.EarnPoints(100, Rules, Moment.T0).Purchase;
        var redemption = account.Redeem(Ops.Next(), 100, Rub(1_000m), Rules, Moment.T0.AddDays(1)).Value;
        account.Refund(Ops.Next(), purchase, Rub(600m), Rules, Moment.T0.AddDays(2));
        Assert.Equal((60L, -60L), (account.Debt, account.Balance));

        var cancel = account.CancelRedemption(Ops.Next(), redemption, Rules, Moment.T0.AddDays(3)).Value;

        Assert.Equal(100, cancel.Delta);
        Assert.Equal(0, account.Debt);
        Assert.Equal((purchase.LotId, 40L), (Assert.Single(account.Lots).Id, account.Lots[0].Remaining));
        Assert.Equal(40, account.Balance);
    }

    [Fact]
    public void TwoCancelledRedemptionsOfOneUsedUpLotRefillItWithoutExceedingWhatItHeld()
    {
        var account = new AccountBuilder().WithEarned(100).Build();
        var first = account.Redeem(Ops.Next(), 60, Rub(1_000m), Rules, Moment.T0.AddDays(1)).Value;
        var second = account.Redeem(Ops.Next(), 40, Rub(1_000m), Rules, Moment.T0.AddDays(1)).Value;

        account.CancelRedemption(Ops.Next(), second, Rules, Moment.T0.AddDays(2));
        account.CancelRedemption(Ops.Next(), first, Rules, Moment.T0.AddDays(2));

        var lot = Assert.Single(account.Lots);
        Assert.Equal((100L, 100L), (lot.Remaining, lot.Points));
    }

    [Fact]
    public void TheLedgerStillSumsToTheBalanceAndTheTotalsAgree()
    {
        var account = new AccountBuilder().Build();
        var entries = new List<LedgerEntry>
        {
            account.EarnPoints(200, Rules, Moment.T0).Entry,
            account.GrantBonus(Ops.Next(), 50, "welcome", Rules, Moment.T0).Value,
        };
        var redemption = account.Redeem(Ops.Next(), 230, Rub(1_000m), Rules, Moment.T0.AddDays(1)).Value;
        entries.Add(redemption);
        entries.Add(account.CancelRedemption(Ops.Next(), redemption, Rules, Moment.T0.AddDays(200)).Value);

        Assert.Equal(account.Balance, entries.Sum(e => e.Delta));
        Assert.Equal(account.Balance, entries[^1].BalanceAfter);
        Assert.Equal(account.Balance, account.Totals.Net);
        Assert.Equal(180, account.Totals.Restored); // The 50 of the expired bonus stay gone.
        Assert.Equal(200, account.Balance);
    }

    [Fact]
    public void OnlyARedemptionCanBeCancelled()
    {
        var account = new AccountBuilder().Build();
        var bonus = account.GrantBonus(Ops.Next(), 50, "welcome", Rules, Moment.T0).Value;

        Assert.Throws<ArgumentException>(() => account.CancelRedemption(Ops.Next(), bonus, Rules, Moment.T0));
    }

    private static (string Id, long Remaining, DateTimeOffset AvailableAt, DateTimeOffset ExpiresAt) Shape(PointsLot lot) =>
        (lot.Id, lot.Remaining, lot.AvailableAt, lot.ExpiresAt);
}
