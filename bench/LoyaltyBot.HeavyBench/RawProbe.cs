using System.Buffers.Binary;
using System.Diagnostics;
using Azure;
using Azure.Data.Tables;

namespace LoyaltyBot.HeavyBench;

/// <summary>
/// The raw baselines, measured beside the app's figures on the same Azurite with bare SDK calls, so that a ratio of
/// ratios cancels what the shared machine was doing at the time. For an accrual: its ledger work on a small account, a
/// point read of the account row and one entity-group transaction of 3 entities (marker inserted, account replaced
/// under its ETag, ledger entry inserted), each worker on a partition of its own, so no ETag ever conflicts. For the
/// admin lookup: the reads it makes of the customer's own rows.
/// </summary>
internal sealed class RawProbe
{
    private const string Fingerprint = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Entry = "{\"id\":\"0123456789abcdef\",\"kind\":\"Earn\",\"delta\":100,\"balanceAfter\":100,\"merchantId\":\"mbench\",\"amount\":1000.00,\"currency\":\"RUB\"}";

    private readonly TableClient table;
    private readonly TableClient lookup;
    private readonly TableClient customers;
    private int runs;

    private RawProbe(TableServiceClient tables)
    {
        table = tables.GetTableClient("HeavyBenchRaw");
        lookup = tables.GetTableClient("Lookup");
        customers = tables.GetTableClient("Customers");
    }

    public static async Task<RawProbe> CreateAsync(TableServiceClient tables)
    {
        var probe = new RawProbe(tables);
        await probe.table.CreateIfNotExistsAsync();
        return probe;
    }

    /// <summary>
    /// What the admin lookup asks of storage: the phone's lookup row, the account row, the first page of 20 ledger entries,
    /// its range ending at the 20th newest entry's time that the account row keeps (8-byte UTC ticks, newest first).
    /// </summary>
    public async Task<string?> LookUpAsync(string phone, string customerId)
    {
        await lookup.GetEntityAsync<TableEntity>($"phone-{phone}", "-", select: ["CustomerId"]);
        var account = (await customers.GetEntityAsync<TableEntity>(customerId, "account")).Value;
        var times = account.GetBinary("LatestEntries") ?? [];
        var end = times.Length < 20 * sizeof(long)
            ? "tx."
            : $"tx-{DateTimeOffset.MaxValue.UtcTicks - BinaryPrimitives.ReadInt64LittleEndian(times.AsSpan(19 * sizeof(long))):D19}.";
        var entries = customers.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {"tx-"} and RowKey lt {end}"),
            maxPerPage: 20, select: ["Entry"]);
        await foreach (var page in entries.AsPages())
        {
            return page.Values.Count > 0 ? null : "no entries";
        }

        return "no entries";
    }

    /// <summary><paramref name="count"/> operations from <paramref name="workers"/> workers: operations per second.</summary>
    public async Task<double> RunAsync(int count, int workers)
    {
        var run = Interlocked.Increment(ref runs);
        var partitions = Enumerable.Range(0, workers).Select(w => $"r{run}w{w}").ToArray();
        // The accounts exist before the clock starts.
        await Task.WhenAll(partitions.Select(p => table.UpsertEntityAsync(Account(p), TableUpdateMode.Replace)));
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(partitions.Select(partition => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                TableEntity account = await table.GetEntityAsync<TableEntity>(partition, "account");
                account["Balance"] = (account.GetInt64("Balance") ?? 0) + 100;
                await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, $"op-{i:D6}") { ["Fingerprint"] = Fingerprint, ["RecordedAt"] = DateTimeOffset.UtcNow }),
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, account, account.ETag),
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, $"tx-{i:D6}") { ["Entry"] = Entry }),
                ]);
            }
        })));
        return count / clock.Elapsed.TotalSeconds;
    }

    private static TableEntity Account(string partition) => new(partition, "account")
    {
        ETag = ETag.All,
        ["Balance"] = 0L,
        ["Tier"] = "Bronze",
        ["Profile"] = "{\"phone\":\"+79121000000\",\"card\":\"123456789012\",\"invite\":\"ABCDEFGH\",\"language\":\"ru\"}",
    };
}
