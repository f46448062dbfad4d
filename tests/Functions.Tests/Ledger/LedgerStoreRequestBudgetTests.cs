using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Ledger;

/// <summary>
/// Counts the storage requests of one earn with an Azure SDK pipeline policy: the ledger's, and the KPI aggregates' two
/// point reads (the day's row and the customer's day) and one transaction.
/// </summary>
public sealed class LedgerStoreRequestBudgetTests
{
    [Fact]
    public async Task AnEarnOnAnExistingExpiryDayIsOneReadAndOneTransactionAndItsKpisTwoReadsAndOneTransaction()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        await harness.EarnAsync(customer, 100m);
        harness.Requests.Reset();

        await harness.EarnAsync(customer, 200m);

        Assert.Equal(
            new Dictionary<string, long> { ["table GET"] = 1 + 2, ["table POST $batch"] = 1 + 1 },
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
            // One more read: the program's rules, for the KPI day in its time zone; the day passed their 30-second cache.
            new Dictionary<string, long> { ["table GET"] = 1 + 2 + 1, ["table PUT"] = 1, ["table POST $batch"] = 1 + 1 },
            harness.Requests.Snapshot());
    }
}
