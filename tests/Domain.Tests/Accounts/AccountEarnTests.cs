using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;
using static LoyaltyBot.Domain.Tests.Support.AccountOperations;

namespace LoyaltyBot.Domain.Tests.Accounts;

public class AccountEarnTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default;

    [Fact]
    public void ANewAccountIsEmptyAndInTheLowestTier()
    {
        var account = new AccountBuilder().Build();

        Assert.Equal(0, account.Balance);
        Assert.Empty(account.Lots);
        Assert.Equal("Bronze", account.Tier);
        Assert.Equal(new LedgerTotals(), account.Totals);
    }

    [Fact]
    public void EarningCreditsTheQuotedPointsAsOneLot()
    {
        var account = new AccountBuilder().Build();

        var outcome = account.EarnPoints(30, Rules, Moment.T0);

        Assert.Equal(30, account.Balance);
        var lot = Assert.Single(account.Lots);
        Assert.Equal((LotKind.Earned, 30L, 30L), (lot.Kind, lot.Points, lot.Remaining));
        Assert.Equal((LedgerEntryKind.Earn, 30L, 30L), (outcome.Entry.Kind, outcome.Entry.Delta, outcome.Entry.BalanceAfter));
        Assert.Equal(30, account.Totals.Earned);
    }

    [Fact]
    public void ThePurchaseRecordRemembersWhatARefundWillNeed()
    {
        var account = new AccountBuilder().Build();
        var purchase = new PurchaseBuilder().From("m-3").Id("check-9").Amount(1_000m).PartlyPaidWithPoints(200).Build();

        var record = account.Earn(Ops.Next(), purchase, QuoteOf(24), Rules, Moment.T0).Value.Purchase;

        Assert.Equal(("m-3", "check-9", 800m, "RUB", 24L), (record.MerchantId, record.PurchaseId, record.Paid, record.Currency, record.PointsEarned));
        Assert.Equal((0m, 0L), (record.Refunded, record.ClawedBack));
        Assert.Equal(Assert.Single(account.Lots).Id, record.LotId);
        Assert.Equal(Moment.T0, record.OccurredAt);
    }

    [Fact]
    public void TheLotExpiresExpiryDaysAfterThePurchaseNotAfterItWasProcessed()
    {
        var account = new AccountBuilder().Build();

        account.EarnPoints(30, Rules, occurredAt: Moment.T0, now: Moment.T0.AddDays(10));

        var lot = Assert.Single(account.Lots);
        Assert.Equal(Moment.T0, lot.EarnedAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(3)), lot.ExpiresAt);
    }

    [Fact]
    public void TheEntryRecordsBothWhenThePurchaseWasMadeAndWhenItWasProcessed()
    {
        var account = new AccountBuilder().Build();

        var entry = account.EarnPoints(30, Rules, occurredAt: Moment.T0, now: Moment.T0.AddHours(5)).Entry;

        Assert.Equal(Moment.T0, entry.OccurredAt);
        Assert.Equal(Moment.T0.AddHours(5), entry.RecordedAt);
    }

    [Fact]
    public void WithoutPendingDaysPointsAreSpendableAtOnce()
    {
        var account = new AccountBuilder().WithEarned(30).Build();

        Assert.Equal(30, account.SpendableAt(Moment.T0));
        Assert.Equal(0, account.PendingAt(Moment.T0));
    }

    [Fact]
    public void PendingPointsBecomeSpendablePendingDaysAfterThePurchase()
    {
        var rules = Rules with { PendingDays = 14 };
        var account = new AccountBuilder().Under(rules).Build();

        account.EarnPoints(30, rules, occurredAt: Moment.T0, now: Moment.T0.AddDays(3));

        var justBefore = Moment.T0.AddDays(14).AddTicks(-1);
        Assert.Equal((0L, 30L), (account.SpendableAt(justBefore), account.PendingAt(justBefore)));
        Assert.Equal((30L, 0L), (account.SpendableAt(Moment.T0.AddDays(14)), account.PendingAt(Moment.T0.AddDays(14))));
        Assert.Equal(30, account.Balance);
    }

    [Fact]
    public void TheTierRisesAtOnceWhenSpendCrossesItsThreshold()
    {
        var account = new AccountBuilder().WithEarned(300, paid: 10_000m).Build();

        var outcome = account.EarnPoints(150, Rules, Moment.T0.AddDays(1), paid: 5_000m);

        Assert.Equal("Silver", outcome.RaisedToTier);
        Assert.Equal("Silver", account.Tier);
    }

    [Fact]
    public void ABigEnoughPurchaseRisesStraightToTheTopTier()
    {
        var account = new AccountBuilder().Build();

        var outcome = account.EarnPoints(1_500, Rules, Moment.T0, paid: 50_000m);

        Assert.Equal("Gold", outcome.RaisedToTier);
    }

    [Fact]
    public void TheTierStaysWhileSpendIsBelowTheNextThreshold()
    {
        var account = new AccountBuilder().Build();

        var outcome = account.EarnPoints(449, Rules, Moment.T0, paid: 14_999.99m);

        Assert.Null(outcome.RaisedToTier);
        Assert.Equal("Bronze", account.Tier);
    }

    [Fact]
    public void PointsPaidWithDoNotCountAsSpendTowardATier()
    {
        var account = new AccountBuilder().Build();
        var purchase = new PurchaseBuilder().Amount(15_000m).PartlyPaidWithPoints(1).Build();

        account.Earn(Ops.Next(), purchase, QuoteOf(449), Rules, Moment.T0);

        Assert.Equal("Bronze", account.Tier);
        Assert.Equal(14_999m, account.TrailingSpend(Moment.T0, Rules.TierWindowDays));
    }

    [Fact]
    public void SpendOlderThanTheTierWindowNoLongerCounts()
    {
        var account = new AccountBuilder().WithEarned(300, paid: 10_000m).Build();

        var outcome = account.EarnPoints(150, Rules, Moment.T0.AddDays(366), paid: 5_000m);

        Assert.Null(outcome.RaisedToTier);
        Assert.Equal(5_000m, account.TrailingSpend(Moment.T0.AddDays(366), Rules.TierWindowDays));
    }

    [Fact]
    public void SpendWithinTheTierWindowAddsUp()
    {
        var account = new AccountBuilder().WithEarned(300, paid: 10_000m).Build();

        var outcome = account.EarnPoints(150, Rules, Moment.T0.AddDays(364), paid: 5_000m);

        Assert.Equal("Silver", outcome.RaisedToTier);
    }

    [Fact]
    public void EarningNeverLowersTheTier()
    {
        var account = new AccountBuilder().WithEarned(5_000, paid: 50_000m).Build();

        var outcome = account.EarnPoints(3, Rules, Moment.T0.AddDays(400), paid: 100m);

        Assert.Null(outcome.RaisedToTier);
        Assert.Equal("Gold", account.Tier);
    }

    [Fact]
    public void AQuoteOfNoPointsRecordsThePurchaseWithoutALot()
    {
        var account = new AccountBuilder().Build();

        var outcome = account.EarnPoints(0, Rules, Moment.T0, paid: 10m);

        Assert.Empty(account.Lots);
        Assert.Null(outcome.Purchase.LotId);
        Assert.Equal(0, outcome.Entry.Delta);
        Assert.Equal(10m, account.TrailingSpend(Moment.T0, Rules.TierWindowDays));
    }

    [Fact]
    public void TheEntryNotesTheTierAndAnyCampaigns()
    {
        var account = new AccountBuilder().Build();
        var purchase = new PurchaseBuilder().Build();

        var entry = account.Earn(Ops.Next(), purchase, new EarnQuote(60, 60, 0, "Bronze", ["double"]), Rules, Moment.T0).Value.Entry;

        Assert.Contains("Bronze", entry.Note, StringComparison.Ordinal);
        Assert.Contains("double", entry.Note, StringComparison.Ordinal);
        Assert.Equal(("m-1", 1_000m, "RUB"), (entry.MerchantId, entry.Amount, entry.Currency));
    }
}
