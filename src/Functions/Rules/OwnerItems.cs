using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Rules;

/// <summary>
/// Items the program owner sets up (campaigns, offer rules): one partition of the Campaigns table each kind, the item as
/// JSON in one column (a program has tens, not thousands). Read on every purchase, so the list is cached for
/// <see cref="ProgramStore.CacheFor"/>; ending one is a write under its row's ETag, so two ends at once agree.
/// </summary>
public sealed class OwnerItems<T>(StorageAccount storage, string partition, string column, Func<T, string> idOf, TimeProvider time)
    where T : class
{
    private readonly TableClient table = storage.Table(TableNames.Campaigns);
    private (IReadOnlyList<T> Items, DateTimeOffset ReadAt)? cached;

    /// <summary>Every item, as read within the last <see cref="ProgramStore.CacheFor"/>.</summary>
    public async Task<IReadOnlyList<T>> GetAllAsync(CancellationToken cancellationToken)
    {
        if (cached is { } hit && time.GetUtcNow() - hit.ReadAt < ProgramStore.CacheFor)
        {
            return hit.Items;
        }

        var items = await ReadAllAsync(cancellationToken);
        cached = (items, time.GetUtcNow());
        return items;
    }

    /// <summary>Every item as stored now, past the cache: what the owner sees.</summary>
    public async Task<IReadOnlyList<T>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: [column], cancellationToken: cancellationToken))
        {
            items.Add(Read(row));
        }

        return items;
    }

    public async Task<T?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, id, cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task SaveAsync(T item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        await table.UpsertEntityAsync(ToEntity(item), TableUpdateMode.Replace, cancellationToken);
        cached = null;
    }

    /// <summary>Ends the item now with <paramref name="endAt"/> and answers it as it stands; null when there is none.</summary>
    public async Task<T?> EndAsync(string id, Func<T, DateTimeOffset, T> endAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endAt);
        while (true)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, id, cancellationToken: cancellationToken);
            if (!row.HasValue)
            {
                return null;
            }

            var item = Read(row.Value!);
            var ended = endAt(item, time.GetUtcNow());
            if (Equals(ended, item))
            {
                return item;
            }

            try
            {
                await table.UpdateEntityAsync(ToEntity(ended), row.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                cached = null;
                return ended;
            }
            catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status412PreconditionFailed)
            {
                // Ended by another call meanwhile: read how it ended.
            }
        }
    }

    private T Read(TableEntity row) => WireJson.Read<T>(row.GetString(column));

    private TableEntity ToEntity(T item) => new(partition, idOf(item)) { [column] = WireJson.Write(item) };
}
