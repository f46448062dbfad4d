using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Money = LoyaltyBot.Domain.Money.Money;

namespace LoyaltyBot.Functions.Tests.Redemptions;

/// <summary>The ledger's side of redemptions: up-to redemptions and their cancels, on the real Customers table.</summary>
public sealed class LedgerStoreRedemptionTests
{
    private static readonly OperationKey Redemption = OperationKey.Of("m1.redemption", "rd-1");
    private static readonly OperationKey Cancel = OperationKey.Of("m1.redemption-cancel", "rd-1");

    [Fact]
    public async Task ARedemptionRecordsTheMerchantAndCancellingItTwiceRestoresOnce()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        await harness.EarnAsync(customer, 10_000m); // 300 points.
        var redeemed = (await harness.Ledger.RedeemUpToAsync(customer, Redemption, "m1", 500, Check(1_000m), harness.Rules, default)).Value;

        var first = await harness.Ledger.CancelRedemptionAsync(customer, Cancel, Redemption, harness.Rules, default);
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var again = await harness.Ledger.CancelRedemptionAsync(customer, Cancel, Redemption, harness.Rules, default);

        Assert.Equal((-300L, "m1"), (redeemed.Delta, redeemed.MerchantId));
        Assert.Equal((LedgerEntryKind.RedemptionCancel, 300L, "m1"), (first.Value.Kind, first.Value.Delta, first.Value.MerchantId));
        Assert.Equal((first.Value.Id, first.Value.BalanceAfter), (again.Value.Id, again.Value.BalanceAfter));
        Assert.Equal(first.Value.Draws!, again.Value.Draws!);
        Assert.Equal(300, (await harness.AccountAsync(customer)).Balance);
        Assert.Equal(300, (await harness.AccountAsync(customer)).Totals.Restored);
        await harness.AssertLedgerBalancesAsync(customer);
    }

    [Fact]
    public async Task ACancelOfARedemptionNeverAppliedIsNotFoundAndChangesNothing()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        await harness.EarnAsync(customer, 10_000m);
        var before = await harness.PartitionSnapshotAsync(customer);

        var result = await harness.Ledger.CancelRedemptionAsync(customer, Cancel, Redemption, harness.Rules, default);

        Assert.Equal((LoyaltyErrorCode.RedemptionNotFound, "redemptionId"), (result.Error?.Code, result.Error?.Field));
        Assert.Equal(before, await harness.PartitionSnapshotAsync(customer));
    }

    [Fact]
    public async Task RestoredPointsStillExpireOnTheirLotsDayThroughTheExpiryRun()
    {
        var harness = await LedgerHarness.StartAsync(now: new DateTimeOffset(2031, 6, 1, 10, 0, 0, TimeSpan.Zero));
        var customer = await harness.RegisterAsync();
        await harness.EarnAsync(customer, 1_000m); // 30 points, one lot.
        await harness.Ledger.RedeemUpToAsync(customer, Redemption, "m1", 30, Check(1_000m), harness.Rules, default);
        Assert.Empty((await harness.AccountAsync(customer)).Lots);
        harness.Time.Advance(TimeSpan.FromDays(1));

        await harness.Ledger.CancelRedemptionAsync(customer, Cancel, Redemption, harness.Rules, default);
        harness.Time.Advance(TimeSpan.FromDays(harness.Rules.ExpiryDays - 1));
        await harness.Expiry.RunAsync(default);

        var account = await harness.AccountAsync(customer);
        Assert.Equal((0L, 30L), (account.Balance, account.Totals.Expired));
        await harness.AssertLedgerBalancesAsync(customer);
    }

    private static Money Check(decimal amount) => Money.CreatePositive(amount, "RUB", 1_000_000m).Value;
}
