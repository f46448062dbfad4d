using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;
using static LoyaltyBot.Domain.Tests.Support.AccountOperations;

namespace LoyaltyBot.Domain.Tests.Accounts;

public class AccountRefundTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default;
    private static readonly DateTimeOffset Later = Moment.T0.AddDays(3);

    [Fact]
    public void AFullRefundClawsBackEverythingThePurchaseEarned()
    {
        var account = new AccountBuilder().WithBonus(40).Build();
        var purchase = account.EarnPoints(30, Rules, Moment.T0, paid: 1_000m).Purchase;

        var outcome = account.Refund(Ops.Next(), purchase, Rub(1_000m), Rules, Later).Value;

        Assert.Equal((LedgerEntryKind.Refund, -30L, 40L), (outcome.Entry.Kind, outcome.Entry.Delta, outcome.Entry.BalanceAfter));
        Assert.Equal((1_000m, 30L, 0m), (outcome.Purchase.Refunded, outcome.Purchase.ClawedBack, outcome.Purchase.Refundable));
        Assert.Equal(40, account.Balance);
        Assert.Equal(30, account.Totals.ClawedBack);
    }

    [Fact]
    public void APartialRefundClawsBackInProportionRoundedInTheCustomersFavour()
    {
        var account = new AccountBuilder().Build();
        var purchase = account.EarnPoints(31, Rules, Moment.T0, paid: 1_000m).Purchase;

        var outcome = account.Refund(Ops.Next(), purchase, Rub(500m), Rules, Later).Value;

        // The 500 still paid is worth 15.5 points; the customer keeps 15.
        Assert.Equal(-16, outcome.Entry.Delta);
        Assert.Equal(15, account.Balance);
    }

    [Fact]
    public void PartialRefundsAddUpToExactlyTheClawbackOfAFullRefund()
    {
        var whole = new AccountBuilder().Build();
        var fullClawback = -whole.Refund(Ops.Next(), whole.EarnPoints(31, Rules, Moment.T0).Purchase, Rub(1_000m), Rules, Later).Value.Entry.Delta;
        var split = new AccountBuilder().Build();
        var purchase = split.EarnPoints(31, Rules, Moment.T0).Purchase;

        var clawedBack = 0L;
        foreach (var part in new[] { 333.33m, 333.33m, 333.34m })
        {
            var outcome = split.Refund(Ops.Next(), purchase, Rub(part), Rules, Later).Value;
            clawedBack -= outcome.Entry.Delta;
            purchase = outcome.Purchase;
        }

        Assert.Equal(fullClawback, clawedBack);
        Assert.Equal(31, clawedBack);
        Assert.Equal(whole.Balance, split.Balance);
    }

    [Fact]
    public void RefundRejectsMoreThanWasPaid()
    {
        var account = new AccountBuilder().Build();
        var purchase = account.EarnPoints(30, Rules, Moment.T0, paid: 1_000m).Purchase;

        var result = account.Refund(Ops.Next(), purchase, Rub(1_000.01m), Rules, Later);

        Assert.Equal(LoyaltyErrorCode.RefundExceedsPurchase, result.Error?.Code);
        Assert.Equal("amount", result.Error?.Field);
    }

    [Fact]
    public void RefundRejectsMoreThanIsLeftAfterEarlierRefunds()
    {
        var account = new AccountBuilder().Build();
        var purchase = account.EarnPoints(30, Rules, Moment.T0, paid: 1_000m).Purchase;
        purchase = account.Refund(Ops.Next(), purchase, Rub(600m), Rules, Later).Value.Purchase;

        var result = account.Refund(Ops.Next(), purchase, Rub(400.01m), Rules, Later);

        Assert.Equal(LoyaltyErrorCode.RefundExceedsPurchase, result.Error?.Code);
        Assert.Contains("400", result.Error!.Message, StringComparison.Ordinal);
        Assert.True(account.Refund(Ops.Next(), purchase, Rub(400m), Rules, Later).IsSuccess);
    }

    [Fact]
    public void OnlyTheMoneyPaidCanBeRefundedNotThePartPaidWithPoints()
    {
        var account = new AccountBuilder().Build();
        var check = new PurchaseBuilder().Amount(1_000m).PartlyPaidWithPoints(300).Build();
        var purchase = account.Earn(Ops.Next(), check, QuoteOf(21), Rules, Moment.T0).Value.Purchase;

        Assert.Equal(LoyaltyErrorCode.RefundExceedsPurchase, account.Refund(Ops.Next(), purchase, Rub(700.01m), Rules, Later).Error?.Code);
        Assert.Equal(-21, account.Refund(Ops.Next(), purchase, Rub(700m), Rules, Later).Value.Entry.Delta);
    }

    [Fact]
    public void RefundRejectsAnotherCurrency()
    {
        var account = new AccountBuilder().Build();
        var purchase = account.EarnPoints(30, Rules, Moment.T0).Purchase;

        var result = account.Refund(Ops.Next(), purchase, Usd(10m), Rules, Later);

        Assert.Equal(LoyaltyErrorCode.CurrencyMismatch, result.Error?.Code);
    }

    [Fact]
    public void RefundingPointsAlreadySpentLeavesADebt()
    {
        var account = new AccountBuilder().Build();
        var purchase = account.EarnPoints(30, Rules, Moment.T0).Purchase;
        account.Redeem(Ops.Next(), 30, Rub(1_000m), Rules, Moment.T0.AddDays(1));

        account.Refund(Ops.Next(), purchase, Rub(1_000m), Rules, Later);

        Assert.Equal(30, account.Debt);
        Assert.Equal(-30, account.Balance);
        Assert.Equal(-30, account.SpendableAt(Later));
        Assert.Empty(account.Lots);
    }

    [Fact]
    public void OnlyTheSpentPartOfAClawbackBecomesDebt()
    {
        var account = new AccountBuilder().Build();
        var purchase = account.EarnPoints(100, Rules, Moment.T0).Purchase;
        account.Redeem(Ops.Next(), 70, Rub(1_000m), Rules, Moment.T0.AddDays(1));

        account.Refund(Ops.Next(), purchase, Rub(1_000m), Rules, Later);

        Assert.Equal(70, account.Debt);
        Assert.Equal(-70, account.Balance);
    }

    [Fact]
    public void TheNextEarnPaysOffTheDebtFirst()
    {
        var account = InDebtOf30();

        var outcome = account.EarnPoints(50, Rules, Later.AddDays(1));

        Assert.Equal(0, account.Debt);
        Assert.Equal(20, account.Balance);
        var lot = Assert.Single(account.Lots);
        Assert.Equal((50L, 20L), (lot.Points, lot.Remaining));
        Assert.Equal(50, outcome.Entry.Delta);
    }

    [Fact]
    public void AnEarnSmallerThanTheDebtOnlyReducesIt()
    {
        var account = InDebtOf30();

        var outcome = account.EarnPoints(10, Rules, Later.AddDays(1));

        Assert.Equal(20, account.Debt);
        Assert.Equal(-20, account.Balance);
        Assert.Empty(account.Lots);
        Assert.Null(outcome.Purchase.LotId);
    }

    [Fact]
    public void ABonusAlsoPaysOffDebt()
    {
        var account = InDebtOf30();

        account.GrantBonus(Ops.Next(), 100, "birthday", Rules, Later.AddDays(1));

        Assert.Equal(0, account.Debt);
        Assert.Equal(70, Assert.Single(account.Lots).Remaining);
    }

    [Fact]
    public void RefundClawsFromThePurchasesOwnLotBeforeSoonerExpiringOnes()
    {
        var account = new AccountBuilder().WithBonus(100).Build();
        var purchase = account.EarnPoints(30, Rules, Moment.T0).Purchase;

        var entry = account.Refund(Ops.Next(), purchase, Rub(1_000m), Rules, Later).Value.Entry;

        Assert.Equal([(purchase.LotId, -30L)], entry.Draws!.Select(d => ((string?)d.LotId, d.Points)));
        Assert.Equal(LotKind.Bonus, Assert.Single(account.Lots).Kind);
    }

    [Fact]
    public void WhenItsOwnLotWasPartlySpentARefundTakesTheRestSoonestExpiringFirst()
    {
        var account = new AccountBuilder().Build();
        var purchase = account.EarnPoints(100, Rules, Moment.T0).Purchase;
        account.Redeem(Ops.Next(), 80, Rub(1_000m), Rules, Moment.T0);
        account.GrantBonus(Ops.Next(), 50, "review", Rules, Moment.T0.AddDays(1));
        var other = account.EarnPoints(40, Rules, Moment.T0.AddDays(2)).Purchase;

        var entry = account.Refund(Ops.Next(), purchase, Rub(1_000m), Rules, Later).Value.Entry;

        Assert.Equal([-20L, -50L, -30L], entry.Draws!.Select(d => d.Points));
        var left = Assert.Single(account.Lots);
        Assert.Equal((other.LotId, 10L), (left.Id, left.Remaining));
        Assert.Equal(0, account.Debt);
    }

    [Fact]
    public void ARefundReducesTheSpendTowardATierButDoesNotLowerTheTier()
    {
        var account = new AccountBuilder().Build();
        var purchase = account.EarnPoints(450, Rules, Moment.T0, paid: 15_000m).Purchase;

        account.Refund(Ops.Next(), purchase, Rub(5_000m), Rules, Later);

        Assert.Equal(10_000m, account.TrailingSpend(Later, Rules.TierWindowDays));
        Assert.Equal("Silver", account.Tier);
    }

    [Fact]
    public void ARefundOfAPurchaseThatEarnedNothingChangesNoPoints()
    {
        var account = new AccountBuilder().WithBonus(20).Build();
        var purchase = account.EarnPoints(0, Rules, Moment.T0, paid: 20m).Purchase;

        var outcome = account.Refund(Ops.Next(), purchase, Rub(20m), Rules, Later).Value;

        Assert.Equal(0, outcome.Entry.Delta);
        Assert.Equal(20, account.Balance);
    }

    private static CustomerAccount InDebtOf30()
    {
        var account = new AccountBuilder().Build();
        var purchase = account.EarnPoints(30, Rules, Moment.T0).Purchase;
        account.Redeem(Ops.Next(), 30, Rub(1_000m), Rules, Moment.T0.AddDays(1));
        account.Refund(Ops.Next(), purchase, Rub(1_000m), Rules, Later);
        Assert.Equal(30, account.Debt);
        return account;
    }

    [Fact]
    public void ARefundAfterThePurchasesPointsExpiredTakesNoPointsFromOtherLots()
    {
        var account = new AccountBuilder().Build();
        var purchase = account.EarnPoints(30, Rules, Moment.T0, paid: 1_000m).Purchase;
        var afterExpiry = Moment.T0.AddDays(Rules.ExpiryDays + 1);
        account.ExpireDue(Ops.Next(), afterExpiry);
        account.GrantBonus(Ops.Next(), 50, "gift", Rules, afterExpiry);

        var outcome = account.Refund(Ops.Next(), purchase, Rub(1_000m), Rules, afterExpiry).Value;

        Assert.Equal(0, outcome.Entry.Delta);
        Assert.Equal(50, account.Balance);
        Assert.Equal(1_000m, outcome.Purchase.Refunded);
    }
}
