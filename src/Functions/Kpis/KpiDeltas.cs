using System.Collections.Concurrent;
using Azure.Data.Tables;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Kpis;

/// <summary>
/// The write side of the KPI aggregates: each committed operation, account opened, first rating, phone bound and day a
/// member opened the bot writes one delta row, blind (an upsert, no read, no ETag), keyed by what it counts, so writing it
/// again changes nothing. Its partition is the customer's shard and the day in the program's zone, so no partition takes
/// every write. A delta of a day already over (a replay after a crash between commit and delta) also marks that
/// shard-day late, so the roll-up folds it again and reports read it live meanwhile.
/// </summary>
public sealed class KpiDeltas(StorageAccount storage, ProgramStore program, TimeProvider time) : ILedgerListener
{
    private readonly TableClient table = storage.Table(TableNames.Kpis);
    private readonly GroupedUpserts grouped = new(storage.Table(TableNames.Kpis));

    // Customers seen in the bot today by this instance: a member's day in the bot costs one write, not one per update.
    private readonly ConcurrentDictionary<string, DateOnly> seen = new(StringComparer.Ordinal);

    public async Task OpenedAsync(CustomerAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var day = await WriteAsync("opened-" + account.CustomerId, account.CreatedAt, KpiDelta.Opened(account), cancellationToken);
        if (account.Profile.TelegramUserId is not null)
        {
            // Opened in the bot: that counts as the day's visit already.
            Remember(account.CustomerId, day);
        }
    }

    public Task CommittedAsync(CommittedEntry committed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(committed);
        return WriteAsync("op-" + StorageKeys.Safe($"{committed.CustomerId}-{committed.Operation}"), committed.Entry.RecordedAt, KpiDelta.Of(committed), cancellationToken);
    }

    /// <summary>A member opened the bot: counted once a day (once per instance at most).</summary>
    public async Task SeenAsync(CustomerAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var now = time.GetUtcNow();
        var today = KpiKeys.DayOf(now, (await program.GetAsync(cancellationToken)).Zone);
        if (seen.TryGetValue(account.CustomerId, out var day) && day == today)
        {
            return;
        }

        Remember(account.CustomerId, await WriteAsync("seen-" + account.CustomerId, now, KpiDelta.Seen(account), cancellationToken));
    }

    /// <summary>A purchase rated for the first time.</summary>
    public async Task RatedAsync(CustomerAccount account, string purchaseRef, int stars, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await WriteAsync("rated-" + StorageKeys.Safe($"{account.CustomerId}-{purchaseRef}"), time.GetUtcNow(), KpiDelta.Rated(account, stars), cancellationToken);
    }

    /// <summary>A phone bound to a member of the bot.</summary>
    public async Task PhoneBoundAsync(CustomerAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await WriteAsync("phone-" + account.CustomerId, time.GetUtcNow(), KpiDelta.PhoneBound(account), cancellationToken);
    }

    /// <summary>A member's tier lowered by a review: the tiers' members move, once per review.</summary>
    public async Task TierLoweredAsync(CustomerAccount account, string from, DateOnly review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await WriteAsync("review-" + StorageKeys.Safe($"{account.CustomerId}-{review:yyyyMMdd}"), time.GetUtcNow(), KpiDelta.TierLowered(account, from), cancellationToken);
    }

    /// <summary>The deltas of one shard's day, in key order.</summary>
    public async Task<IReadOnlyList<KpiDelta>> ReadAsync(int shard, DateOnly day, CancellationToken cancellationToken) =>
        await ReadWhereAsync(TableClient.CreateQueryFilter($"PartitionKey eq {KpiKeys.DeltaPartition(shard, day)}"), cancellationToken);

    /// <summary>
    /// The deltas of a shard's days after <paramref name="after"/> (all, when null) up to <paramref name="to"/>, by day: one range
    /// query over the shard's partitions, which holds only the days not rolled up yet.
    /// </summary>
    public async Task<IReadOnlyDictionary<DateOnly, List<KpiDelta>>> ReadDaysAsync(int shard, DateOnly? after, DateOnly to, CancellationToken cancellationToken)
    {
        var from = after is { } day ? KpiKeys.DeltaPartition(shard, day) : KpiKeys.ShardPrefix(shard);
        var filter = TableClient.CreateQueryFilter($"PartitionKey gt {from} and PartitionKey le {KpiKeys.DeltaPartition(shard, to)}");
        var days = new SortedDictionary<DateOnly, List<KpiDelta>>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var (_, rowDay) = KpiKeys.OfDeltaPartition(row.PartitionKey);
            (days.TryGetValue(rowDay, out var list) ? list : days[rowDay] = []).Add(Read(row));
        }

        return days;
    }

    /// <summary>The first day any delta of the shard was written for, or null when none was.</summary>
    public async Task<DateOnly?> FirstDayAsync(int shard, CancellationToken cancellationToken)
    {
        var prefix = KpiKeys.ShardPrefix(shard);
        var filter = TableClient.CreateQueryFilter($"PartitionKey gt {prefix} and PartitionKey lt {prefix + "~"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            return KpiKeys.OfDeltaPartition(row.PartitionKey).Day;
        }

        return null;
    }

    private const int MaxRemembered = 200_000;

    private void Remember(string customerId, DateOnly day)
    {
        if (seen.Count > MaxRemembered)
        {
            seen.Clear();
        }

        seen[customerId] = day;
    }

    /// <summary>Writes the delta to its customer's shard of the day <paramref name="at"/> falls on (with the other deltas of that partition waiting then), and answers that day.</summary>
    private async Task<DateOnly> WriteAsync(string rowKey, DateTimeOffset at, KpiDelta delta, CancellationToken cancellationToken)
    {
        var zone = (await program.GetAsync(cancellationToken)).Zone;
        var day = KpiKeys.DayOf(at, zone);
        var entity = new TableEntity(KpiKeys.DeltaPartition(KpiKeys.ShardOf(delta.CustomerId), day), rowKey);
        LargeText.Write(entity, KpiKeys.Figures, WireJson.Write(delta));
        await grouped.UpsertAsync(entity, cancellationToken);
        if (day < KpiKeys.DayOf(time.GetUtcNow(), zone))
        {
            // After the delta, so a roll-up that clears this mark has read the delta: the day may be rolled up already without it.
            await table.UpsertEntityAsync(new TableEntity(KpiKeys.LatePartition, entity.PartitionKey), TableUpdateMode.Replace, cancellationToken);
        }

        return day;
    }

    private async Task<List<KpiDelta>> ReadWhereAsync(string filter, CancellationToken cancellationToken)
    {
        var deltas = new List<KpiDelta>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            deltas.Add(Read(row));
        }

        return deltas;
    }

    private static KpiDelta Read(TableEntity row) => WireJson.Read<KpiDelta>(LargeText.Read(row, KpiKeys.Figures));
}
