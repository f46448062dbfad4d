using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Kpis;

/// <summary>
/// The KPI aggregates, kept as operations commit. Table Kpis, partition = the customer's shard (16, by the ExpiryIndex's
/// stable hash), so the writes of all customers spread over sixteen partitions. In each: <c>d-yyyyMMdd</c> rows (the
/// day's <see cref="KpiDay"/>, days in the program's zone), <c>c-yyyyMMdd-&lt;customerId&gt;</c> rows (a customer's
/// purchases that day) and <c>op-…</c> markers. An operation is counted in one entity-group transaction that inserts its
/// marker, so a replay collides on the marker and counts nothing twice.
/// </summary>
public sealed partial class KpiStore(StorageAccount storage, ProgramStore program, ILogger<KpiStore> logger) : ILedgerListener
{
    private const string DayPrefix = "d-";
    private const string CustomerDayPrefix = "c-";
    private const string FiguresProperty = "Figures";
    private readonly TableClient table = storage.Table(TableNames.Kpis);
    private readonly CustomerLocks locks = new();

    public static string Partition(string customerId) => ExpiryIndex.Shard(customerId).ToString("D2", CultureInfo.InvariantCulture);

    public async Task OpenedAsync(CustomerAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await CountAsync(account.CustomerId, "opened", account.CreatedAt, KpiSums.OfOpening(), null, null, cancellationToken);
    }

    public async Task CommittedAsync(CommittedEntry committed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(committed);
        var entry = committed.Entry;
        var purchase = entry is { Kind: LedgerEntryKind.Earn, MerchantId: { } merchantId } ? merchantId : null;
        // A merge moves points between two accounts of one member: the program's figures see it, no tier's does.
        var tier = entry.Kind is LedgerEntryKind.TransferIn or LedgerEntryKind.TransferOut ? null : committed.Tier;
        await CountAsync(committed.CustomerId, committed.Operation, entry.RecordedAt, KpiSums.Of(entry), entry.MerchantId, tier, cancellationToken, purchase);
    }

    /// <summary>Every shard's day rows up to <paramref name="to"/> and its customers' days from <paramref name="customersFrom"/>: 32 queries.</summary>
    public async Task<KpiRows> ReadAsync(DateOnly customersFrom, DateOnly to, CancellationToken cancellationToken)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, ExpiryIndex.Shards).Select(async shard =>
        {
            var partition = shard.ToString("D2", CultureInfo.InvariantCulture);
            var days = ReadRowsAsync<KpiDay>(partition, DayPrefix, DayKey(to) + ".", cancellationToken);
            var customers = ReadRowsAsync<KpiCustomerDay>(partition, CustomerDayPrefix + Day(customersFrom), CustomerDayPrefix + Day(to.AddDays(1)), cancellationToken);
            return (Days: await days, Customers: await customers);
        }));
        var days = new Dictionary<DateOnly, KpiDay>();
        foreach (var (key, day) in shards.SelectMany(s => s.Days))
        {
            var date = ParseDay(key[DayPrefix.Length..]);
            days[date] = days.TryGetValue(date, out var had) ? had.Plus(day) : day;
        }

        var customerDays = shards.SelectMany(s => s.Customers)
            .Select(row => new CustomerDay(row.Key[(CustomerDayPrefix.Length + 9)..], ParseDay(row.Key.Substring(CustomerDayPrefix.Length, 8)), row.Value))
            .ToList();
        return new KpiRows(days, customerDays);
    }

    private async Task CountAsync(
        string customerId, string operation, DateTimeOffset at, KpiSums sums, string? merchantId, string? tier, CancellationToken cancellationToken, string? purchaseAt = null)
    {
        var rules = await program.GetAsync(cancellationToken);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, rules.Zone).DateTime);
        var partition = Partition(customerId);
        var marker = new TableEntity(partition, "op-" + StorageKeys.Safe($"{customerId}-{operation}"));
        // In line within this process: the shard's day row is every one of its customers' to update.
        using var turn = await locks.EnterAsync(partition, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var dayRow = ReadRowAsync(partition, DayKey(day), cancellationToken);
            var customerRow = purchaseAt is null ? Task.FromResult<TableEntity?>(null) : ReadRowAsync(partition, CustomerDayKey(day, customerId), cancellationToken);
            List<TableTransactionAction> batch =
            [
                new(TableTransactionActionType.Add, marker),
                Write(partition, DayKey(day), await dayRow, KpiDay.Empty, d => d.Plus(sums, merchantId, tier)),
            ];
            if (purchaseAt is not null)
            {
                batch.Add(Write(partition, CustomerDayKey(day, customerId), await customerRow, KpiCustomerDay.Empty, c => c.PlusPurchase(purchaseAt, tier ?? "")));
            }

            try
            {
                await table.SubmitTransactionAsync(batch, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict && ex.FailedTransactionActionIndex == 0)
            {
                // Counted before: this is a replay.
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict)
            {
                // Another instance counted in this shard first: start again from its rows.
                LogContention(logger, partition, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 2 + Math.Min(attempt * 4, 50))), cancellationToken);
            }
        }
    }

    /// <summary>The row changed: inserted when new (so a racing insert collides), otherwise replaced under its ETag.</summary>
    private static TableTransactionAction Write<T>(string partition, string rowKey, TableEntity? row, T empty, Func<T, T> change)
    {
        var before = row is null ? empty : WireJson.Read<T>(LargeText.Read(row, FiguresProperty));
        var entity = new TableEntity(partition, rowKey);
        LargeText.Write(entity, FiguresProperty, WireJson.Write(change(before)));
        return row is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, row.ETag);
    }

    private async Task<TableEntity?> ReadRowAsync(string partition, string rowKey, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    private async Task<List<KeyValuePair<string, T>>> ReadRowsAsync<T>(string partition, string fromKey, string beforeKey, CancellationToken cancellationToken)
    {
        var rows = new List<KeyValuePair<string, T>>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {fromKey} and RowKey lt {beforeKey}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(new(row.RowKey, WireJson.Read<T>(LargeText.Read(row, FiguresProperty))));
        }

        return rows;
    }

    private static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDay(string yyyyMMdd) => DateOnly.ParseExact(yyyyMMdd, "yyyyMMdd", CultureInfo.InvariantCulture);

    private static string DayKey(DateOnly day) => DayPrefix + Day(day);

    private static string CustomerDayKey(DateOnly day, string customerId) => $"{CustomerDayPrefix}{Day(day)}-{customerId}";

    [LoggerMessage(Level = LogLevel.Debug, Message = "KPI shard {Partition} changed meanwhile; attempt {Attempt} starts again")]
    private static partial void LogContention(ILogger logger, string partition, int attempt);
}

/// <summary>A customer's purchases of one day.</summary>
public sealed record CustomerDay(string CustomerId, DateOnly Day, KpiCustomerDay Purchases);

/// <summary>What a report is computed from: the program's days up to its end, and customers' days of it and of the period before.</summary>
public sealed record KpiRows(IReadOnlyDictionary<DateOnly, KpiDay> Days, IReadOnlyList<CustomerDay> CustomerDays);
