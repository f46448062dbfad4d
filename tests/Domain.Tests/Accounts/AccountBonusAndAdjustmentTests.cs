using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Accounts;

public class AccountBonusAndAdjustmentTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default;

    [Fact]
    public void ABonusIsASpendableLotWithTheShorterBonusLifetime()
    {
        var account = new AccountBuilder().Build();

        var entry = account.GrantBonus(Ops.Next(), 100, "welcome", Rules, Moment.T0).Value;

        var lot = Assert.Single(account.Lots);
        Assert.Equal(LotKind.Bonus, lot.Kind);
        Assert.Equal(Moment.T0.AddDays(180), lot.ExpiresAt);
        Assert.Equal(100, account.SpendableAt(Moment.T0));
        Assert.Equal((LedgerEntryKind.Bonus, 100L, "welcome"), (entry.Kind, entry.Delta, entry.Note));
        Assert.Equal(100, account.Totals.Bonus);
    }

    [Fact]
    public void TheBirthdayBonusIsALotOfItsOwnThatLivesTheBirthdayBonusLifetime()
    {
        var account = new AccountBuilder().Build();
        account.GrantBonus(Ops.Next(), 100, "welcome", Rules, Moment.T0);

        account.GrantBonus(Ops.Next(), 300, "birthday", Rules.ForBirthdayBonus(), Moment.T0);

        Assert.Equal(14, Rules.BirthdayBonusExpiryDays);
        Assert.Equal([(Moment.T0.AddDays(14), 300L), (Moment.T0.AddDays(180), 100L)], account.Lots.Select(l => (l.ExpiresAt, l.Remaining)));
        Assert.Equal(400, account.SpendableAt(Moment.T0));
        Assert.Equal(100, account.SpendableAt(Moment.T0.AddDays(14)));
    }

    [Fact]
    public void ABonusIsNeverPendingWhateverThePendingDays()
    {
        var rules = Rules with { PendingDays = 14 };
        var account = new AccountBuilder().Under(rules).Build();

        account.GrantBonus(Ops.Next(), 100, "welcome", rules, Moment.T0);

        Assert.Equal(100, account.SpendableAt(Moment.T0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void GrantBonusRejectsPointsThatAreNotPositive(long points)
    {
        var account = new AccountBuilder().Build();

        Assert.Equal(LoyaltyErrorCode.PointsNotPositive, account.GrantBonus(Ops.Next(), points, "gift", Rules, Moment.T0).Error?.Code);
        Assert.Empty(account.Lots);
    }

    [Fact]
    public void APositiveAdjustmentAddsALotWithTheEarnedLifetime()
    {
        var account = new AccountBuilder().Build();

        var entry = account.Adjust(Ops.Next(), 50, "lost receipt", Rules, Moment.T0).Value;

        var lot = Assert.Single(account.Lots);
        Assert.Equal((LotKind.Adjustment, 50L), (lot.Kind, lot.Remaining));
        Assert.Equal(Moment.T0.AddDays(365), lot.ExpiresAt);
        Assert.Equal((LedgerEntryKind.Adjust, 50L, "lost receipt"), (entry.Kind, entry.Delta, entry.Note));
        Assert.Equal(50, account.Totals.Adjusted);
    }

    [Fact]
    public void ANegativeAdjustmentTakesSpendablePointsThenPendingOnes()
    {
        var rules = Rules with { PendingDays = 14 };
        var account = new AccountBuilder().Under(rules).Build();
        account.Adjust(Ops.Next(), 30, "goodwill", rules, Moment.T0.AddDays(-1));
        var pending = account.EarnPoints(100, rules, Moment.T0).Purchase.LotId;

        var entry = account.Adjust(Ops.Next(), -50, "duplicate check", rules, Moment.T0).Value;

        Assert.Equal([-30L, -20L], entry.Draws!.Select(d => d.Points));
        Assert.Equal(pending, entry.Draws![1].LotId);
        Assert.Equal(80, account.Balance);
        Assert.Equal(30 - 50, account.Totals.Adjusted);
    }

    [Fact]
    public void ANegativeAdjustmentNeverRunsIntoDebt()
    {
        var account = new AccountBuilder().WithEarned(50).Build();

        var result = account.Adjust(Ops.Next(), -51, "typo", Rules, Moment.T0);

        Assert.Equal(LoyaltyErrorCode.InsufficientPoints, result.Error?.Code);
        Assert.Equal((50L, 0L), (account.Balance, account.Debt));
        Assert.True(account.Adjust(Ops.Next(), -50, "typo", Rules, Moment.T0).IsSuccess);
    }

    [Fact]
    public void ANegativeAdjustmentCannotTakePointsPastTheirExpiry()
    {
        var account = new AccountBuilder().WithBonus(100).WithEarned(20, Moment.T0.AddDays(100)).Build();

        var result = account.Adjust(Ops.Next(), -50, "typo", Rules, Moment.T0.AddDays(180));

        Assert.Equal(LoyaltyErrorCode.InsufficientPoints, result.Error?.Code);
    }

    [Fact]
    public void AZeroAdjustmentIsRejected()
    {
        var account = new AccountBuilder().WithEarned(50).Build();

        Assert.Equal(LoyaltyErrorCode.PointsNotPositive, account.Adjust(Ops.Next(), 0, "nothing", Rules, Moment.T0).Error?.Code);
    }

    [Fact]
    public void AnAdjustmentWithoutAReasonIsAProgrammingError()
    {
        var account = new AccountBuilder().Build();

        Assert.ThrowsAny<ArgumentException>(() => account.Adjust(Ops.Next(), 10, " ", Rules, Moment.T0));
    }
}
