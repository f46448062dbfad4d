using System.Net;
using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Kpis;

/// <summary>
/// The rolled-up side of the KPI aggregates: per shard, a summary of each day rolled up (its figures and its customers'
/// days, two rows written in one transaction), and the shard-days marked late by a delta written after their day.
/// </summary>
public sealed class KpiSummaries(StorageAccount storage)
{
    private readonly TableClient table = storage.Table(TableNames.Kpis);

    /// <summary>A shard-day marked late, with the ETag of its mark: clearing it under that ETag keeps a newer mark.</summary>
    public sealed record LateDay(int Shard, DateOnly Day, ETag ETag);

    public async Task<IReadOnlyList<LateDay>> LateAsync(CancellationToken cancellationToken)
    {
        var late = new List<LateDay>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {KpiKeys.LatePartition}"), cancellationToken: cancellationToken))
        {
            var (shard, day) = KpiKeys.OfDeltaPartition(row.RowKey);
            late.Add(new LateDay(shard, day, row.ETag));
        }

        return late;
    }

    public async Task ClearLateAsync(LateDay late, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(late);
        try
        {
            await table.DeleteEntityAsync(KpiKeys.LatePartition, KpiKeys.DeltaPartition(late.Shard, late.Day), late.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.PreconditionFailed)
        {
            // Cleared by another run, or marked again since: that mark stays for the next run.
        }
    }

    /// <summary>
    /// Keeps what <paramref name="fold"/> folds as the shard-day's summary, unless it is that already. The summary is read
    /// before the fold and replaced under its ETag, so of two instances rolling the same day, one that folded fewer deltas
    /// can never overwrite one that folded more. False when another instance wrote the summary meanwhile (its version
    /// stands; a late mark, if any, is left for the next run).
    /// </summary>
    public async Task<bool> KeepAsync(int shard, DateOnly day, Func<Task<KpiShardDay>> fold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fold);
        var partition = KpiKeys.SummaryPartition(shard);
        var dayKey = KpiKeys.DayPrefix + KpiKeys.Day(day);
        var customersKey = KpiKeys.CustomersPrefix + KpiKeys.Day(day);
        var stored = await table.GetEntityIfExistsAsync<TableEntity>(partition, dayKey, cancellationToken: cancellationToken);
        var folded = await fold();
        var figures = WireJson.Write(folded.Figures);
        var customers = WireJson.Write(folded.Customers);
        if (!stored.HasValue && folded.Figures == KpiDay.Empty && folded.Customers.Count == 0)
        {
            // A shard's quiet day needs no summary.
            return true;
        }

        if (stored.HasValue && LargeText.Read(stored.Value!, KpiKeys.Figures) == figures && stored.Value!.GetString("Customers") == Hash(customers))
        {
            return true;
        }

        var dayRow = new TableEntity(partition, dayKey) { ["Customers"] = Hash(customers) };
        LargeText.Write(dayRow, KpiKeys.Figures, figures);
        var customersRow = new TableEntity(partition, customersKey);
        LargeText.Write(customersRow, KpiKeys.Figures, customers);
        List<TableTransactionAction> batch =
        [
            stored.HasValue
                ? new(TableTransactionActionType.UpdateReplace, dayRow, stored.Value!.ETag)
                : new(TableTransactionActionType.Add, dayRow),
            new(TableTransactionActionType.UpsertReplace, customersRow),
        ];
        try
        {
            await table.SubmitTransactionAsync(batch, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    /// <summary>A shard's day figures rolled up through <paramref name="to"/>, by day.</summary>
    public async Task<IReadOnlyDictionary<DateOnly, KpiDay>> ReadDaysAsync(int shard, DateOnly to, CancellationToken cancellationToken)
    {
        var days = new Dictionary<DateOnly, KpiDay>();
        await foreach (var (day, row) in ReadRowsAsync(shard, KpiKeys.DayPrefix, null, to, cancellationToken))
        {
            days[day] = WireJson.Read<KpiDay>(LargeText.Read(row, KpiKeys.Figures));
        }

        return days;
    }

    /// <summary>A shard's customers' days rolled up from <paramref name="from"/> through <paramref name="to"/>, by day.</summary>
    public async Task<IReadOnlyDictionary<DateOnly, IReadOnlyDictionary<string, KpiCustomerDay>>> ReadCustomersAsync(
        int shard, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var days = new Dictionary<DateOnly, IReadOnlyDictionary<string, KpiCustomerDay>>();
        await foreach (var (day, row) in ReadRowsAsync(shard, KpiKeys.CustomersPrefix, from, to, cancellationToken))
        {
            days[day] = WireJson.Read<Dictionary<string, KpiCustomerDay>>(LargeText.Read(row, KpiKeys.Figures));
        }

        return days;
    }

    private async IAsyncEnumerable<(DateOnly Day, TableEntity Row)> ReadRowsAsync(
        int shard, string prefix, DateOnly? from, DateOnly to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = prefix + (from is { } day ? KpiKeys.Day(day) : "");
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {KpiKeys.SummaryPartition(shard)} and RowKey ge {first} and RowKey le {prefix + KpiKeys.Day(to)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return (KpiKeys.ParseDay(row.RowKey[prefix.Length..]), row);
        }
    }

    // The customers' row is compared by its hash kept on the day row, so an unchanged summary is confirmed by one read.
    private static string Hash(string text) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
