using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;
using static LoyaltyBot.Domain.Tests.Support.AccountOperations;

namespace LoyaltyBot.Domain.Tests.Accounts;

public class AccountRedeemTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default;

    [Fact]
    public void RedeemTakesThePointsOffTheBalance()
    {
        var account = new AccountBuilder().WithEarned(500).Build();

        var entry = account.Redeem(Ops.Next(), 100, Rub(1_000m), Rules, Moment.T0, "m-1").Value;

        Assert.Equal(400, account.Balance);
        Assert.Equal((LedgerEntryKind.Redeem, -100L, 400L), (entry.Kind, entry.Delta, entry.BalanceAfter));
        Assert.Equal(("m-1", 1_000m, "RUB"), (entry.MerchantId, entry.Amount, entry.Currency));
        Assert.Equal(100, account.Totals.Redeemed);
    }

    [Fact]
    public void RedeemCanSpendEveryPoint()
    {
        var account = new AccountBuilder().WithEarned(300).Build();

        Assert.True(account.Redeem(Ops.Next(), 300, Rub(1_000m), Rules, Moment.T0).IsSuccess);
        Assert.Equal(0, account.Balance);
        Assert.Empty(account.Lots);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void RedeemRejectsPointsThatAreNotPositive(long points)
    {
        var account = new AccountBuilder().WithEarned(500).Build();

        var result = account.Redeem(Ops.Next(), points, Rub(1_000m), Rules, Moment.T0);

        Assert.Equal(LoyaltyErrorCode.PointsNotPositive, result.Error?.Code);
        Assert.Equal("points", result.Error?.Field);
    }

    [Fact]
    public void RedeemRejectsMoreThanTheCapOfTheCheck()
    {
        var account = new AccountBuilder().WithEarned(1_000).Build();

        var result = account.Redeem(Ops.Next(), 301, Rub(1_000m), Rules, Moment.T0);

        Assert.Equal(LoyaltyErrorCode.RedemptionAboveCap, result.Error?.Code);
        Assert.Contains("300", result.Error!.Message, StringComparison.Ordinal);
        Assert.True(account.Redeem(Ops.Next(), 300, Rub(1_000m), Rules, Moment.T0).IsSuccess);
    }

    [Fact]
    public void TheCapRoundsDownToWholePoints()
    {
        var account = new AccountBuilder().WithEarned(1_000).Build();

        // 30% of 999.99 is 299.997.
        Assert.Equal(LoyaltyErrorCode.RedemptionAboveCap, account.Redeem(Ops.Next(), 300, Rub(999.99m), Rules, Moment.T0).Error?.Code);
        Assert.True(account.Redeem(Ops.Next(), 299, Rub(999.99m), Rules, Moment.T0).IsSuccess);
    }

    [Fact]
    public void TheCapFollowsTheRules()
    {
        var rules = Rules with { RedemptionCapPercent = 50m };
        var account = new AccountBuilder().Under(rules).WithEarned(1_000).Build();

        Assert.True(account.Redeem(Ops.Next(), 500, Rub(1_000m), rules, Moment.T0).IsSuccess);
    }

    [Fact]
    public void RedeemRejectsACheckInAnotherCurrency()
    {
        var account = new AccountBuilder().WithEarned(500).Build();

        var result = account.Redeem(Ops.Next(), 10, Usd(100m), Rules, Moment.T0);

        Assert.Equal(LoyaltyErrorCode.CurrencyMismatch, result.Error?.Code);
    }

    [Fact]
    public void RedeemRejectsMoreThanTheBalance()
    {
        var account = new AccountBuilder().WithEarned(100).Build();

        var result = account.Redeem(Ops.Next(), 101, Rub(1_000m), Rules, Moment.T0);

        Assert.Equal(LoyaltyErrorCode.InsufficientPoints, result.Error?.Code);
        Assert.Contains("100", result.Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pending", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AShortageWhilePointsArePendingSaysSoAndWhen()
    {
        var rules = Rules with { PendingDays = 14 };
        var account = new AccountBuilder().Under(rules).WithBonus(50).WithEarned(200).Build();

        var result = account.Redeem(Ops.Next(), 100, Rub(1_000m), rules, Moment.T0.AddDays(1));

        Assert.Equal(LoyaltyErrorCode.InsufficientPoints, result.Error?.Code);
        Assert.Contains("50", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("200 more are pending", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("2025-03-15", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PendingPointsCanBeSpentOnceAvailable()
    {
        var rules = Rules with { PendingDays = 14 };
        var account = new AccountBuilder().Under(rules).WithEarned(200).Build();

        Assert.True(account.Redeem(Ops.Next(), 100, Rub(1_000m), rules, Moment.T0.AddDays(14)).IsSuccess);
    }

    [Fact]
    public void PointsPastTheirExpiryCannotBeSpentEvenBeforeTheExpiryJobRuns()
    {
        var account = new AccountBuilder().WithBonus(100).Build();
        var expiry = Moment.T0.AddDays(Rules.BonusExpiryDays);

        var result = account.Redeem(Ops.Next(), 50, Rub(1_000m), Rules, expiry);

        Assert.Equal(LoyaltyErrorCode.InsufficientPoints, result.Error?.Code);
        Assert.Equal(100, account.Balance);
        Assert.True(account.Redeem(Ops.Next(), 50, Rub(1_000m), Rules, expiry.AddTicks(-1)).IsSuccess);
    }

    [Fact]
    public void RedeemSpendsTheSoonestExpiringLotFirstWhateverItsAge()
    {
        // The bonus arrives later but expires first (180 days against 365).
        var account = new AccountBuilder().WithEarned(100).WithBonus(50, Moment.T0.AddDays(10)).Build();
        var bonus = account.Lots.Single(l => l.Kind == LotKind.Bonus);
        var earned = account.Lots.Single(l => l.Kind == LotKind.Earned);

        var entry = account.Redeem(Ops.Next(), 70, Rub(1_000m), Rules, Moment.T0.AddDays(20)).Value;

        Assert.Equal([(bonus.Id, -50L), (earned.Id, -20L)], entry.Draws!.Select(d => (d.LotId, d.Points)));
        Assert.Equal(80, Assert.Single(account.Lots).Remaining);
    }

    [Fact]
    public void AmongEarnedLotsTheOldestPurchaseIsSpentFirst()
    {
        var account = new AccountBuilder().WithEarned(100, Moment.T0.AddDays(30)).WithEarned(100, Moment.T0).Build();

        account.Redeem(Ops.Next(), 150, Rub(1_000m), Rules, Moment.T0.AddDays(31));

        var left = Assert.Single(account.Lots);
        Assert.Equal((Moment.T0.AddDays(30), 50L), (left.EarnedAt, left.Remaining));
    }

    [Fact]
    public void RedeemPassesOverPendingLotsEvenIfTheyExpireSooner()
    {
        var rules = Rules with { PendingDays = 14 };
        var account = new AccountBuilder().Under(rules).Build();
        // A purchase of yesterday, still pending, expires a day before an adjustment made today.
        var pending = account.EarnPoints(100, rules, occurredAt: Moment.T0.AddDays(-1), now: Moment.T0).Purchase.LotId;
        account.Adjust(Ops.Next(), 80, "goodwill", rules, Moment.T0);

        var entry = account.Redeem(Ops.Next(), 50, Rub(1_000m), rules, Moment.T0).Value;

        Assert.DoesNotContain(entry.Draws!, d => d.LotId == pending);
        Assert.Equal(100, account.Lots.Single(l => l.Id == pending).Remaining);
    }

    [Fact]
    public void TheLotsAreListedInTheOrderTheyAreSpent()
    {
        var account = new AccountBuilder()
            .WithEarned(10, Moment.T0.AddDays(5))
            .WithBonus(10, Moment.T0.AddDays(100))
            .WithEarned(10, Moment.T0)
            .WithBonus(10, Moment.T0)
            .Build();

        var expiries = account.Lots.Select(l => l.ExpiresAt).ToList();

        Assert.Equal(expiries.Order(), expiries);
    }
}
