using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Broadcasts;

/// <summary>
/// The Broadcasts table: one row per broadcast (its own partition), written when it is made and advanced, under its
/// ETag, as each page of accounts is fanned out: the fan-out's durable progress.
/// </summary>
public sealed class BroadcastStore(StorageAccount storage)
{
    private const string RowKey = "broadcast";
    private readonly TableClient table = storage.Table(TableNames.Broadcasts);

    /// <summary>Saves a new broadcast; false when one of that id exists.</summary>
    public async Task<bool> TryAddAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(ToEntity(broadcast), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status409Conflict)
        {
            return false;
        }
    }

    public async Task<(Broadcast Broadcast, ETag ETag)?> FindAsync(string broadcastId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(StorageKeys.Safe(broadcastId), RowKey, cancellationToken: cancellationToken);
        return row.HasValue ? (FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Every broadcast; the owner's few, one row each.</summary>
    public async Task<IReadOnlyList<Broadcast>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var all = new List<Broadcast>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {RowKey}"), cancellationToken: cancellationToken))
        {
            all.Add(FromEntity(row));
        }

        return all;
    }

    /// <summary>Replaces the row as it was read; false when it changed meanwhile (another run of the same page advanced it).</summary>
    public async Task<bool> TryReplaceAsync(Broadcast broadcast, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(ToEntity(broadcast), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status412PreconditionFailed)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(Broadcast broadcast) => new(StorageKeys.Safe(broadcast.BroadcastId), RowKey)
    {
        ["BroadcastId"] = broadcast.BroadcastId,
        ["Segment"] = broadcast.Segment,
        ["TextRu"] = broadcast.Text.Ru,
        ["TextEn"] = broadcast.Text.En,
        ["CreatedAt"] = broadcast.CreatedAt,
        ["Recipients"] = broadcast.Recipients,
        ["Skipped"] = broadcast.Skipped,
        ["Queued"] = broadcast.Queued,
        ["Status"] = broadcast.Status,
        ["Page"] = broadcast.Page,
        ["FinishedAt"] = broadcast.FinishedAt,
    };

    private static Broadcast FromEntity(TableEntity row) => new(
        row.GetString("BroadcastId") ?? row.PartitionKey,
        row.GetString("Segment") ?? "",
        new BroadcastText(row.GetString("TextRu") ?? "", row.GetString("TextEn") ?? ""),
        row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        row.GetInt32("Recipients") ?? 0,
        row.GetInt32("Skipped") ?? 0,
        row.GetInt32("Queued") ?? 0,
        row.GetString("Status") ?? Broadcast.Sending,
        row.GetString("Page") ?? "",
        row.GetDateTimeOffset("FinishedAt"));
}
