using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Ledger;

/// <summary>
/// ExpiryIndex: partition <c>yyyyMMdd-&lt;shard&gt;</c>, row customerId, for every customer with a lot expiring that UTC day.
/// Sixteen shards a day, so one day's earns don't all write one partition.
/// </summary>
public sealed class ExpiryIndex(StorageAccount storage)
{
    public const int Shards = 16;
    private readonly TableClient table = storage.Table(TableNames.ExpiryIndex);

    public static string Partition(DateOnly day, string customerId) =>
        $"{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{Shard(customerId):D2}";

    /// <summary>Stable across processes and releases (string.GetHashCode is not).</summary>
    public static int Shard(string customerId) =>
        (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(customerId)), 0) % Shards);

    public async Task AddAsync(DateOnly day, string customerId, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(Partition(day, customerId), customerId), TableUpdateMode.Replace, cancellationToken);

    public async Task RemoveAsync(DateOnly day, string customerId, CancellationToken cancellationToken) =>
        await table.DeleteEntityAsync(Partition(day, customerId), customerId, cancellationToken: cancellationToken);

    /// <summary>Every customer filed under <paramref name="day"/>: one query per shard, never a table scan.</summary>
    public async IAsyncEnumerable<string> ReadDayAsync(DateOnly day, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        for (var shard = 0; shard < Shards; shard++)
        {
            var partition = $"{prefix}-{shard:D2}";
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: cancellationToken))
            {
                yield return row.RowKey;
            }
        }
    }
}
