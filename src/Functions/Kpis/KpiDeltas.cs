using System.Collections.Concurrent;
using Azure.Data.Tables;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Kpis;

/// <summary>
/// The write side of the KPI aggregates, in partitions of the customer's shard and the day in the program's zone, so no
/// partition takes every write. A ledger operation's figures are its entry's row, written in the ledger's own transaction;
/// here its customer is filed once a day (row <c>active-&lt;customerId&gt;</c>, written before the transaction), and the
/// day's readers read the entries of each customer filed. Accounts opened, first ratings, phones bound, tiers lowered and
/// days a member opened the bot each write one delta row, blind (an upsert, no read, no ETag), keyed by what it counts, so
/// writing it again changes nothing. A delta or an operation of a day already over (a replay after a crash) also marks that
/// shard-day late, so the roll-up folds it again and reports read it live meanwhile.
/// </summary>
public sealed class KpiDeltas(StorageAccount storage, LedgerHistory ledger, ProgramStore program, TimeProvider time) : ILedgerListener
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

    /// <summary>Files the customer under the day the entry is recorded on, unless <paramref name="filed"/> says that was done.</summary>
    public async Task<string?> CommittingAsync(string customerId, LedgerEntry entry, string? filed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var day = KpiKeys.DayOf(entry.RecordedAt, (await program.GetAsync(cancellationToken)).Zone);
        var partition = KpiKeys.DeltaPartition(KpiKeys.ShardOf(customerId), day);
        if (filed != partition)
        {
            await grouped.UpsertAsync(new TableEntity(partition, ActivePrefix + customerId), cancellationToken);
        }

        return partition;
    }

    /// <summary>The operation's figures are in its entry's row: only a day already over needs marking late.</summary>
    public async Task CommittedAsync(CommittedEntry committed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(committed);
        await MarkIfLateAsync(KpiKeys.ShardOf(committed.CustomerId), committed.Entry.RecordedAt, cancellationToken);
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

    /// <summary>The deltas of one shard's day: its delta rows, and the entries of the day of each customer filed under it.</summary>
    public async Task<IReadOnlyList<KpiDelta>> ReadAsync(int shard, DateOnly day, CancellationToken cancellationToken) =>
        (await ReadDaysAsync(shard, day.AddDays(-1), day, cancellationToken)).GetValueOrDefault(day) ?? [];

    /// <summary>
    /// The deltas of a shard's days after <paramref name="after"/> (all, when null) up to <paramref name="to"/>, by day: one range
    /// query over the shard's partitions (callers ask for the days not rolled up yet), then one short range query of each
    /// customer filed under a day for their entries of that day.
    /// </summary>
    public async Task<IReadOnlyDictionary<DateOnly, List<KpiDelta>>> ReadDaysAsync(int shard, DateOnly? after, DateOnly to, CancellationToken cancellationToken)
    {
        var from = after is { } day ? KpiKeys.DeltaPartition(shard, day) : KpiKeys.ShardPrefix(shard);
        var filter = TableClient.CreateQueryFilter($"PartitionKey gt {from} and PartitionKey le {KpiKeys.DeltaPartition(shard, to)}");
        var days = new SortedDictionary<DateOnly, List<KpiDelta>>();
        var filed = new List<(DateOnly Day, string CustomerId)>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var (_, rowDay) = KpiKeys.OfDeltaPartition(row.PartitionKey);
            var list = days.TryGetValue(rowDay, out var found) ? found : days[rowDay] = [];
            if (row.RowKey.StartsWith(ActivePrefix, StringComparison.Ordinal))
            {
                filed.Add((rowDay, row.RowKey[ActivePrefix.Length..]));
            }
            else
            {
                list.Add(Read(row));
            }
        }

        var zone = (await program.GetAsync(cancellationToken)).Zone;
        // One short range query per customer and day; a few at once, as a day may have filed thousands.
        var entries = new (DateOnly Day, IReadOnlyList<CommittedEntry> Committed)[filed.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, filed.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, token) => entries[i] = (filed[i].Day, await CommittedOnAsync(filed[i].CustomerId, filed[i].Day, zone, token)));
        foreach (var (filedDay, committed) in entries)
        {
            days[filedDay].AddRange(committed.Select(KpiDelta.Of));
        }

        return days;
    }

    /// <summary>The customer's entries recorded on the day in the program's zone: the UTC range around it, then each entry's own day.</summary>
    private async Task<IReadOnlyList<CommittedEntry>> CommittedOnAsync(string customerId, DateOnly day, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var midnightUtc = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        // A zone's day lies within a day and a half of the UTC day of the same date.
        var around = await ledger.CommittedBetweenAsync(customerId, midnightUtc.AddDays(-1), midnightUtc.AddDays(2), cancellationToken);
        return [.. around.Where(c => KpiKeys.DayOf(c.Entry.RecordedAt, zone) == day)];
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

    /// <summary>Row key prefix of a customer filed under a shard's day: their entries of that day are its operations' figures.</summary>
    private const string ActivePrefix = "active-";

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
        await MarkIfLateAsync(KpiKeys.ShardOf(delta.CustomerId), at, cancellationToken);
        return day;
    }

    /// <summary>
    /// Marks the shard's day <paramref name="at"/> falls on late when it is over. Called after what it stands for was written,
    /// so a roll-up that clears the mark has read that: the day may be rolled up already without it.
    /// </summary>
    private async Task MarkIfLateAsync(int shard, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var zone = (await program.GetAsync(cancellationToken)).Zone;
        var day = KpiKeys.DayOf(at, zone);
        if (day < KpiKeys.DayOf(time.GetUtcNow(), zone))
        {
            await table.UpsertEntityAsync(new TableEntity(KpiKeys.LatePartition, KpiKeys.DeltaPartition(shard, day)), TableUpdateMode.Replace, cancellationToken);
        }
    }

    private static KpiDelta Read(TableEntity row) => WireJson.Read<KpiDelta>(LargeText.Read(row, KpiKeys.Figures));
}
