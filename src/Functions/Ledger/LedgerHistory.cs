using Azure.Data.Tables;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Ledger;

/// <summary>A customer's ledger entries page by page, newest first; a page starts and ends at an entry's row key.</summary>
public sealed class LedgerHistory(StorageAccount storage)
{
    private readonly TableClient customers = storage.Table(TableNames.Customers);

    /// <summary>The row key an entry is stored under; ledger pages start and end at such keys.</summary>
    public static string EntryKey(LedgerEntry entry) => LedgerKeys.Entry(entry);

    /// <summary>Up to <paramref name="take"/> entries older than the entry keyed <paramref name="entryKey"/>, newest first: one short query.</summary>
    public Task<IReadOnlyList<LedgerEntry>> OlderThanAsync(string customerId, string entryKey, int take, CancellationToken cancellationToken) =>
        EntryEntity.ReadAsync(customers, TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey gt {entryKey} and RowKey lt {"tx."}"), take, cancellationToken);

    /// <summary>
    /// What was committed to the customer's ledger from <paramref name="from"/> to before <paramref name="to"/>, newest first:
    /// one range of the partition (entries are keyed by when they were recorded). Entries written before entries kept the
    /// customer's tiers are left out: they were counted where they were told then.
    /// </summary>
    public async Task<IReadOnlyList<CommittedEntry>> CommittedBetweenAsync(string customerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // Newest first: the range starts at the keys of the end and takes every entry recorded at the start ('.' sorts after '-').
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {customerId} and RowKey gt {LedgerKeys.EntriesRecordedAt(to) + "."} and RowKey lt {LedgerKeys.EntriesRecordedAt(from) + "."}");
        var committed = new List<CommittedEntry>();
        await foreach (var row in customers.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            if (EntryEntity.CommittedFromEntity(row) is { } entry)
            {
                committed.Add(entry);
            }
        }

        return committed;
    }

    /// <summary>
    /// The <paramref name="take"/> entries just newer than the entry keyed <paramref name="entryKey"/>, newest first. Tables
    /// read only forwards, so this reads every entry newer than that one: as many as the customer has paged past.
    /// </summary>
    public async Task<IReadOnlyList<LedgerEntry>> NewerThanAsync(string customerId, string entryKey, int take, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {LedgerKeys.EntryPrefix} and RowKey lt {entryKey}");
        var window = new Queue<TableEntity>();
        await foreach (var row in customers.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["Entry"], cancellationToken: cancellationToken))
        {
            window.Enqueue(row);
            if (window.Count > take)
            {
                window.Dequeue();
            }
        }

        return window.Select(EntryEntity.FromEntity).ToList();
    }
}
