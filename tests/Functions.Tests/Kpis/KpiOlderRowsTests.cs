using Azure.Data.Tables;
using LoyaltyBot.Functions.Kpis;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoyaltyBot.Functions.Tests.Kpis;

/// <summary>
/// A day that began under the store that kept a delta row per operation (entries without tiers, no filing) and goes on
/// under today's counts each operation once: the older one by its delta row, the newer ones by their entries.
/// </summary>
public sealed class KpiOlderRowsTests(StorageOfItsOwn storage) : IClassFixture<StorageOfItsOwn>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task AnOperationCountedByAnOlderDeltaRowIsCountedOnceWhenTheCustomerIsFiledLaterThatDay()
    {
        var h = await LedgerHarness.StartAsync(storage: storage.Account);
        var customer = await h.RegisterAsync();
        var before = await h.TodaysKpisAsync();
        var older = await WriteAsTheOlderStoreAsync(h, customer, h.Purchase(400m, "before-the-upgrade"));

        var newer = await h.Ledger.EarnAsync(customer, h.Purchase(900m, "after-the-upgrade"), h.Rules, [], Ct);

        var today = h.Today;
        var live = await h.TodaysKpisAsync();
        Assert.Equal((2, 1_300m, older + newer.Value.Entry.Delta),
            (live.Purchases - before.Purchases, live.Revenue - before.Revenue, live.PointsIssued - before.PointsIssued));

        // Rolled up once the day is over, the day holds the same figures.
        h.Time.Advance(TimeSpan.FromDays(2));
        await h.KpiRollup.RunAsync(Ct);
        var rolled = KpiReport.Of(await h.Kpis.ReadAsync(today.AddDays(-1), today, Ct), today, today, null, h.Rules);
        Assert.Equal((live.Purchases, live.Revenue, live.PointsIssued), (rolled.Purchases, rolled.Revenue, rolled.PointsIssued));
    }

    /// <summary>
    /// Earns as the older store did: the ledger's transaction without the filing or the entry's tiers, then the operation's
    /// delta row in the customer's shard of the day. Answers the points earned.
    /// </summary>
    private static async Task<long> WriteAsTheOlderStoreAsync(LedgerHarness h, string customer, Domain.Ledger.Purchase purchase)
    {
        var unfiled = new LedgerStore(h.Storage, h.Index, new TierReviewIndex(h.Storage), h.Time, NullLogger<LedgerStore>.Instance);
        var earned = (await unfiled.EarnAsync(customer, purchase, h.Rules, [], Ct)).Value;
        var customers = h.Storage.Table(TableNames.Customers);
        var entryRow = (await customers.GetEntityAsync<TableEntity>(customer, LedgerHistory.EntryKey(earned.Entry), cancellationToken: Ct)).Value;
        entryRow.Remove("TierBefore");
        entryRow.Remove("TierAfter");
        await customers.UpdateEntityAsync(entryRow, entryRow.ETag, TableUpdateMode.Replace, Ct);

        var account = await h.AccountAsync(customer);
        var delta = KpiDelta.Of(new CommittedEntry(customer, $"op-{purchase.MerchantId}-{purchase.PurchaseId}", earned.Entry with { Draws = null }, account.Tier, account.Tier));
        var row = new TableEntity(KpiKeys.DeltaPartition(KpiKeys.ShardOf(customer), h.Today), "op-" + StorageKeys.Safe($"{customer}-op-{purchase.MerchantId}-{purchase.PurchaseId}"));
        LargeText.Write(row, KpiKeys.Figures, WireJson.Write(delta));
        await h.Storage.Table(TableNames.Kpis).UpsertEntityAsync(row, TableUpdateMode.Replace, Ct);
        return earned.Entry.Delta;
    }
}
