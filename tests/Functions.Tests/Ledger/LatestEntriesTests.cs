using Azure.Data.Tables;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Ledger;

/// <summary>
/// The newest page of a customer's history (the admin lookup's, the bot's first page) is read as a range that ends at
/// the oldest entry of the page, known from the account row: it must be exactly the newest entries a full read gives.
/// </summary>
public sealed class LatestEntriesTests
{
    [Fact]
    public async Task TheLatestPageIsTheNewestEntriesOfTheWholeHistoryIncludingEntriesRecordedAtTheSameInstant()
    {
        var h = await LedgerHarness.StartAsync();
        var customer = await h.RegisterAsync();
        for (var i = 0; i < 45; i++)
        {
            await h.EarnAsync(customer, 100m + i);
            // Every third pair shares one instant: a page may end inside such a pair.
            if (i % 3 != 0)
            {
                h.Time.Advance(TimeSpan.FromMinutes(7));
            }
        }

        var account = await h.AccountAsync(customer);
        var all = await h.Ledger.ReadEntriesAsync(customer, null, CancellationToken.None);

        Assert.Equal(CustomerAccount.LatestEntriesKept, account.LatestEntryTimes.Count);
        Assert.Equal(all.Take(CustomerAccount.LatestEntriesKept).Select(e => e.RecordedAt), account.LatestEntryTimes);
        foreach (var take in new[] { 1, 6, 19, 20 })
        {
            var latest = await h.Ledger.ReadLatestEntriesAsync(account, take, CancellationToken.None);
            Assert.Equal(all.Take(take).Select(e => e.Id), latest.Select(e => e.Id));
        }
    }

    [Fact]
    public async Task AnAccountWithFewerEntriesThanAPageOrARowWrittenBeforeTimesWereKeptReadsTheWholeRange()
    {
        var h = await LedgerHarness.StartAsync();
        var customer = await h.RegisterAsync();
        for (var i = 0; i < 25; i++)
        {
            await h.EarnAsync(customer, 100m);
            h.Time.Advance(TimeSpan.FromHours(1));
        }

        // As a row was written before the times were kept: no LatestEntries property.
        var row = (await h.Customers.GetEntityAsync<TableEntity>(customer, LedgerKeys.Account)).Value;
        row.Remove(AccountEntity.LatestEntries);
        await h.Customers.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        var old = await h.AccountAsync(customer);
        var all = await h.Ledger.ReadEntriesAsync(customer, null, CancellationToken.None);

        Assert.Empty(old.LatestEntryTimes);
        Assert.Equal(all.Take(20).Select(e => e.Id), (await h.Ledger.ReadLatestEntriesAsync(old, 20, CancellationToken.None)).Select(e => e.Id));

        // The next operation starts keeping them; a page longer than what is kept reads the whole range.
        await h.EarnAsync(customer, 100m);
        var renewed = await h.AccountAsync(customer);
        all = await h.Ledger.ReadEntriesAsync(customer, null, CancellationToken.None);
        Assert.Single(renewed.LatestEntryTimes);
        Assert.Equal(all.Take(6).Select(e => e.Id), (await h.Ledger.ReadLatestEntriesAsync(renewed, 6, CancellationToken.None)).Select(e => e.Id));
        await h.AssertLedgerBalancesAsync(customer);
    }
}
