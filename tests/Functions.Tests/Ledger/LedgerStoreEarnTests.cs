using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Ledger;

public sealed class LedgerStoreEarnTests
{
    [Fact]
    public async Task EarnCreditsTheTierRateRoundedDownAsOneLotExpiringAfterThePurchase()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        var boughtAt = harness.Time.GetUtcNow().AddHours(-5);

        var earned = await harness.Ledger.EarnAsync(customer, harness.Purchase(1234.56m, occurredAt: boughtAt), harness.Rules, [], CancellationToken.None);

        var bronzeRate = harness.Rules.Tiers[0].RatePercent;
        Assert.Equal((long)Math.Floor(1234.56m * bronzeRate / 100m), earned.Value.Entry.Delta);
        var account = await harness.AccountAsync(customer);
        var lot = Assert.Single(account.Lots);
        Assert.Equal(boughtAt.AddDays(harness.Rules.ExpiryDays), lot.ExpiresAt);
        Assert.Equal(earned.Value.Entry.Delta, account.Balance);
        await harness.AssertLedgerBalancesAsync(customer);
    }

    [Fact]
    public async Task ReplayingAnEarnReturnsTheFirstAnswerAndChangesNothing()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        var purchase = harness.Purchase(500m, "receipt-1");
        var first = await harness.Ledger.EarnAsync(customer, purchase, harness.Rules, [], CancellationToken.None);
        var before = await harness.PartitionSnapshotAsync(customer);

        harness.Time.Advance(TimeSpan.FromMinutes(3));
        var replay = await harness.Ledger.EarnAsync(customer, purchase, harness.Rules, [], CancellationToken.None);

        Assert.Equal(first.Value.Entry, replay.Value.Entry);
        Assert.Equal(before, await harness.PartitionSnapshotAsync(customer));
    }

    [Fact]
    public async Task TheSamePurchaseIdWithAnotherAmountIsAConflictAndChangesNothing()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        await harness.Ledger.EarnAsync(customer, harness.Purchase(500m, "receipt-1"), harness.Rules, [], CancellationToken.None);
        var before = await harness.PartitionSnapshotAsync(customer);

        var conflicting = await harness.Ledger.EarnAsync(customer, harness.Purchase(900m, "receipt-1"), harness.Rules, [], CancellationToken.None);

        Assert.Equal(LoyaltyErrorCode.OperationConflict, conflicting.Error?.Code);
        Assert.Equal(before, await harness.PartitionSnapshotAsync(customer));
    }

    [Fact]
    public async Task AReplayedRedemptionAnswersItsFirstResultEvenWhenThePointsAreGoneSince()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        await harness.EarnAsync(customer, 10_000m);
        var check = Domain.Money.Money.CreatePositive(1000m, "RUB", 1_000_000m).Value;
        var redemption = OperationKey.Of("m1", "redemption-1");
        var first = await harness.Ledger.RedeemAsync(customer, redemption, "m1", 300, check, harness.Rules, CancellationToken.None);
        await harness.Ledger.AdjustAsync(customer, OperationKey.Of("admin", "drain"), -(await harness.AccountAsync(customer)).Balance, "test drain", harness.Rules, CancellationToken.None);

        var replay = await harness.Ledger.RedeemAsync(customer, redemption, "m1", 300, check, harness.Rules, CancellationToken.None);

        Assert.True(replay.IsSuccess);
        Assert.Equal((first.Value.Id, first.Value.Delta, first.Value.BalanceAfter), (replay.Value.Id, replay.Value.Delta, replay.Value.BalanceAfter));
        Assert.Equal(0, (await harness.AccountAsync(customer)).Balance);
        await harness.AssertLedgerBalancesAsync(customer);
    }

    [Fact]
    public async Task ARefundClawsBackInProportionAndTwoPartialRefundsEqualAFullOne()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        var earned = await harness.EarnAsync(customer, 1001m, "p-1");
        var refund = (string id, decimal amount) => harness.Ledger.RefundAsync(customer, OperationKey.Of("m1", id), "m1", "p-1",
            Domain.Money.Money.CreatePositive(amount, "RUB", 1_000_000m).Value, harness.Rules, CancellationToken.None);

        var half = await refund("r-1", 500.50m);
        var rest = await refund("r-2", 500.50m);
        var tooMuch = await refund("r-3", 0.01m);

        Assert.Equal(earned.Entry.Delta - (long)Math.Floor(earned.Entry.Delta * 500.50m / 1001m), -half.Value.Entry.Delta);
        Assert.Equal(earned.Entry.Delta, -(half.Value.Entry.Delta + rest.Value.Entry.Delta));
        Assert.Equal(LoyaltyErrorCode.RefundExceedsPurchase, tooMuch.Error?.Code);
        Assert.Equal(0, (await harness.AccountAsync(customer)).Balance);
        await harness.AssertLedgerBalancesAsync(customer);
    }

    [Fact]
    public async Task RefundingPointsAlreadySpentLeavesADebtThatTheNextEarnPaysFirst()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        await harness.EarnAsync(customer, 10_000m, "p-1");
        var spent = (await harness.AccountAsync(customer)).Balance;
        await harness.Ledger.RedeemAsync(customer, OperationKey.Of("m1", "x"), "m1", spent, Domain.Money.Money.CreatePositive(spent * 4, "RUB", 1_000_000m).Value, harness.Rules, CancellationToken.None);

        await harness.Ledger.RefundAsync(customer, OperationKey.Of("m1", "r-1"), "m1", "p-1", Domain.Money.Money.CreatePositive(10_000m, "RUB", 1_000_000m).Value, harness.Rules, CancellationToken.None);
        var inDebt = await harness.AccountAsync(customer);
        var next = await harness.EarnAsync(customer, 20_000m);
        var after = await harness.AccountAsync(customer);

        Assert.Equal(-spent, inDebt.Balance);
        Assert.Equal(next.Entry.Delta - spent, after.Balance);
        Assert.Equal(0, after.Debt);
        await harness.AssertLedgerBalancesAsync(customer);
    }
}
