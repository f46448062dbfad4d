using Azure.Data.Tables;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Storage;

/// <summary>Rows upserted at once into one partition go out together, each caller's task ending once its row is stored.</summary>
public sealed class GroupedUpsertsTests(StorageOfItsOwn storage) : IClassFixture<StorageOfItsOwn>
{
    [Fact]
    public async Task ManyRowsOfAFewPartitionsAtOnceAreAllStoredInFewerTransactionsThanRows()
    {
        var table = storage.Account.Table("Grouped" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        var grouped = new GroupedUpserts(table);
        storage.Account.Counter.Reset();

        // 300 rows over 3 partitions, a few written twice (as replays are), all at once.
        var rows = Enumerable.Range(0, 300).Select(i => new TableEntity($"p{i % 3}", $"r{i % 290:D3}") { ["Value"] = i % 290 }).ToList();
        await Task.WhenAll(rows.Select(r => grouped.UpsertAsync(r, CancellationToken.None)));

        var stored = await table.QueryAsync<TableEntity>().ToListAsync();
        var transactions = storage.Account.Counter.Snapshot().GetValueOrDefault("table POST $batch");
        Assert.Equal(rows.Select(r => (r.PartitionKey, r.RowKey)).Distinct().Order(), stored.Select(r => (r.PartitionKey, r.RowKey)).Order());
        Assert.All(stored, r => Assert.Equal(int.Parse(r.RowKey[1..], System.Globalization.CultureInfo.InvariantCulture), r.GetInt32("Value")));
        Assert.InRange(transactions, 3, 299);
    }

    [Fact]
    public async Task ATransactionThatFailsFailsItsCallersAndTheNextRowsAreStillWritten()
    {
        var table = storage.Account.Table("Grouped" + Guid.NewGuid().ToString("N")[..8]);
        var grouped = new GroupedUpserts(table);

        // The table does not exist yet: the transaction fails, and its caller with it.
        await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => grouped.UpsertAsync(new TableEntity("p", "first") { ["Value"] = 1 }, CancellationToken.None));
        await table.CreateAsync();
        await grouped.UpsertAsync(new TableEntity("p", "second") { ["Value"] = 2 }, CancellationToken.None);

        Assert.Equal(2, (await table.GetEntityAsync<TableEntity>("p", "second")).Value.GetInt32("Value"));
    }
}
