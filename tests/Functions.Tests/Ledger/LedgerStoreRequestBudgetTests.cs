using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Ledger;

/// <summary>
/// Counts the storage requests of one earn with an Azure SDK pipeline policy: the ledger's one read and one transaction,
/// and the KPI aggregates' one blind write (the operation's delta row upserted in a transaction of its partition's deltas waiting then, alone here: no read, no ETag).
/// </summary>
public sealed class LedgerStoreRequestBudgetTests
{
    [Fact]
    public async Task AnEarnOnAnExistingExpiryDayIsOneReadAndOneTransactionAndItsKpiDeltaOneBlindWrite()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        await harness.EarnAsync(customer, 100m);
        harness.Requests.Reset();

        await harness.EarnAsync(customer, 200m);

        Assert.Equal(
            new Dictionary<string, long> { ["table GET"] = 1, ["table POST $batch"] = 1 + 1 },
            harness.Requests.Snapshot());
    }

    [Fact]
    public async Task AnEarnThatOpensANewExpiryDayAddsOneIndexUpsert()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        await harness.EarnAsync(customer, 100m);
        harness.Time.Advance(TimeSpan.FromDays(1));
        harness.Requests.Reset();

        await harness.EarnAsync(customer, 200m);

        Assert.Equal(
            // The index's upsert and the delta's. One more read: the program's rules, for the KPI day in its time zone, as the clock
            // passed their 30-second cache; the app's accrual reads them from that cache anyway (PurchaseAccrualTests).
            new Dictionary<string, long> { ["table GET"] = 1 + 1, ["table PUT"] = 1, ["table POST $batch"] = 1 + 1 },
            harness.Requests.Snapshot());
    }
}
