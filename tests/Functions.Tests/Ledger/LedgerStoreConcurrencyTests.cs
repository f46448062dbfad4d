using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Ledger;

public sealed class LedgerStoreConcurrencyTests
{
    [Fact]
    public async Task FiftyConcurrentEarnsAndFiftyConcurrentRedemptionsOnOneCustomerLeaveAnExactBalance()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        await harness.EarnAsync(customer, 5_000m, "opening");
        var opening = (await harness.AccountAsync(customer)).Balance;
        var check = Domain.Money.Money.CreatePositive(1_000m, "RUB", 1_000_000m).Value;

        // Each redemption asks for more than its share, so some must be refused for lack of points.
        var earns = Enumerable.Range(0, 50).Select(i => harness.Ledger.EarnAsync(customer, harness.Purchase(100m + i, $"earn-{i}"), harness.Rules, [], CancellationToken.None));
        var redemptions = Enumerable.Range(0, 50).Select(i => harness.Ledger.RedeemAsync(customer, OperationKey.Of("m1", $"redeem-{i}"), "m1", 7, check, harness.Rules, CancellationToken.None));
        var earnTask = Task.WhenAll(earns);
        var redeemTask = Task.WhenAll(redemptions);
        var earned = await earnTask;
        var redeemed = await redeemTask;

        Assert.All(earned, e => Assert.True(e.IsSuccess));
        Assert.All(redeemed.Where(r => !r.IsSuccess), r => Assert.Equal(LoyaltyErrorCode.InsufficientPoints, r.Error?.Code));
        var succeeded = redeemed.Where(r => r.IsSuccess).ToList();
        Assert.NotEmpty(succeeded);
        Assert.Contains(redeemed, r => !r.IsSuccess);

        var account = await harness.AccountAsync(customer);
        Assert.Equal(opening + earned.Sum(e => e.Value.Entry.Delta) - (7 * succeeded.Count), account.Balance);
        Assert.True(account.Balance >= 0);
        // No redemption saw points that were not there: every balance after a redemption is non-negative.
        Assert.All(succeeded, r => Assert.True(r.Value.BalanceAfter >= 0));
        var entries = await harness.Ledger.ReadEntriesAsync(customer, null, CancellationToken.None);
        Assert.Equal(1 + 50 + succeeded.Count, entries.Count);
        await harness.AssertLedgerBalancesAsync(customer);
    }

    [Fact]
    public async Task ThirtyTwoPurchasesOfOneCustomerAtOnceInOneProcessEachCommitAtTheirFirstAttempt()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        harness.Requests.Reset();

        var earned = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            harness.Ledger.EarnAsync(customer, harness.Purchase(100m + i, $"together-{i}"), harness.Rules, [], CancellationToken.None)));

        Assert.All(earned, e => Assert.True(e.IsSuccess));
        // One read each: none collided on the account's ETag and started again from a fresh read. Transactions: the ledger's 32,
        // and the first one's filing of the customer under the KPI day (the others read the account row that says it was done).
        var requests = harness.Requests.Snapshot();
        Assert.Equal(32L, requests.GetValueOrDefault("table GET"));
        Assert.Equal(32L + 1, requests.GetValueOrDefault("table POST $batch"));
        Assert.Equal(earned.Sum(e => e.Value.Entry.Delta), (await harness.AccountAsync(customer)).Balance);
        await harness.AssertLedgerBalancesAsync(customer);
    }

    [Fact]
    public async Task TwoInstancesEarningForOneCustomerAtOnceStillApplyEachPurchaseOnce()
    {
        var first = await LedgerHarness.StartAsync();
        var second = await LedgerHarness.StartAsync(storage: first.Storage);
        var customer = await first.RegisterAsync();

        // Each instance lets one operation at a time in; across the two the account's ETag decides, and the loser retries.
        var earned = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? first : second).Ledger.EarnAsync(
            customer, first.Purchase(100m + i, $"both-{i}"), first.Rules, [], CancellationToken.None)));

        Assert.All(earned, e => Assert.True(e.IsSuccess));
        Assert.Equal(40, (await first.Ledger.ReadEntriesAsync(customer, null, CancellationToken.None)).Count);
        Assert.Equal(earned.Sum(e => e.Value.Entry.Delta), (await first.AccountAsync(customer)).Balance);
        await first.AssertLedgerBalancesAsync(customer);
    }
}
