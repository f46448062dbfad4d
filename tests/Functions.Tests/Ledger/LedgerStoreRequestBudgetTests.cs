using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Ledger;

/// <summary>
/// Counts the storage requests of one earn with an Azure SDK pipeline policy: the ledger's one read and one transaction,
/// which also holds the KPI aggregates' figures (the entry row), and on a customer's first operation of a day one blind
/// write filing them under the day (upserted in a transaction of its partition's rows waiting then, alone here).
/// </summary>
public sealed class LedgerStoreRequestBudgetTests
{
    [Fact]
    public async Task AnEarnOnAnExistingExpiryDayOfADayTheCustomerWasFiledIsOneReadAndOneTransaction()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        await harness.EarnAsync(customer, 100m);
        harness.Requests.Reset();

        await harness.EarnAsync(customer, 200m);

        Assert.Equal(
            new Dictionary<string, long> { ["table GET"] = 1, ["table POST $batch"] = 1 },
            harness.Requests.Snapshot());
    }

    [Fact]
    public async Task AnEarnThatOpensANewExpiryDayOnTheCustomersFirstOperationOfADayAddsTheIndexUpsertAndTheFiling()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        await harness.EarnAsync(customer, 100m);
        harness.Time.Advance(TimeSpan.FromDays(1));
        harness.Requests.Reset();

        await harness.EarnAsync(customer, 200m);

        Assert.Equal(
            // The expiry index's upsert and the KPI day's filing of the customer. One more read: the program's rules, for the KPI day in its time zone, as the clock
            // passed their 30-second cache; the app's accrual reads them from that cache anyway (PurchaseAccrualTests).
            new Dictionary<string, long> { ["table GET"] = 1 + 1, ["table PUT"] = 1, ["table POST $batch"] = 1 + 1 },
            harness.Requests.Snapshot());
    }
}
