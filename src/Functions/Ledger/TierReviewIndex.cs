using System.Globalization;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Ledger;

/// <summary>
/// TierReviewIndex: partition <c>yyyyMM-&lt;shard&gt;</c>, row customerId, for every customer whose tier may fall at the
/// review of that month (filed when a tier rises, a refund lowers the spend, or a review keeps or lowers a tier). Sharded
/// as <see cref="ExpiryIndex"/>, so that a month's upgrades don't all write one partition; harmless when extra.
/// </summary>
public sealed class TierReviewIndex(StorageAccount storage)
{
    private readonly TableClient table = storage.Table(TableNames.TierReviewIndex);

    public static string Partition(DateOnly review, string customerId) => $"{Month(review)}-{ExpiryIndex.Shard(customerId):D2}";

    public async Task AddAsync(DateOnly review, string customerId, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(Partition(review, customerId), customerId), TableUpdateMode.Replace, cancellationToken);

    public async Task RemoveAsync(DateOnly review, string customerId, CancellationToken cancellationToken) =>
        await table.DeleteEntityAsync(Partition(review, customerId), customerId, cancellationToken: cancellationToken);

    /// <summary>Every customer filed under the review of <paramref name="review"/>'s month: one query per shard.</summary>
    public async IAsyncEnumerable<string> ReadMonthAsync(DateOnly review, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var shard = 0; shard < ExpiryIndex.Shards; shard++)
        {
            var partition = $"{Month(review)}-{shard:D2}";
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: cancellationToken))
            {
                yield return row.RowKey;
            }
        }
    }

    private static string Month(DateOnly review) => review.ToString("yyyyMM", CultureInfo.InvariantCulture);
}
