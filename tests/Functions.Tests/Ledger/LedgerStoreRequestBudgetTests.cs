using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Ledger;

/// <summary>Counts the storage requests of one earn with an Azure SDK pipeline policy.</summary>
public sealed class LedgerStoreRequestBudgetTests
{
    [Fact]
    public async Task AnEarnOnAnExistingExpiryDayIsOneReadAndOneTransaction()
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
    public async Task AnEarnThatOpensANewExpiryDayAddsOneIndexUpsert()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();
        await harness.EarnAsync(customer, 100m);
        harness.Time.Advance(TimeSpan.FromDays(1));
        harness.Requests.Reset();

        await harness.EarnAsync(customer, 200m);

        Assert.Equal(
            new Dictionary<string, long> { ["table GET"] = 1, ["table PUT"] = 1, ["table POST $batch"] = 1 },
            harness.Requests.Snapshot());
    }
}
