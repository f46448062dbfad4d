using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace LoyaltyBot.Bench;

/// <summary>A raw baseline: how fast bare SDK calls doing one webhook call's or one accrual's storage requests go, and how many requests they sent.</summary>
internal sealed record RawResult(LoadResult Load, long Requests, IReadOnlyDictionary<string, long> ByKind)
{
    public double RequestsPerOperation => (double)Requests / Load.Count;
}

/// <summary>
/// The baselines, with Azure.Data.Tables and Azure.Storage.Queues straight against the same Azurite, from the same
/// number of concurrent workers, on tables and queues of their own:
/// (a) per webhook call: one insert into a partition of its own, one queue send;
/// (b) per accrual: a sixteenth of a batch-of-16 receive, one point read of the customer's account row, one
/// entity-group transaction of 3 entities in that partition (marker, account under its ETag, ledger entry), one
/// queue send of a notification, one delete of the message.
/// </summary>
internal sealed class RawStorage : IAsyncDisposable
{
    public const int BatchSize = 16;
    private readonly RequestTally tally = new();
    private readonly TableClient requests;
    private readonly TableClient customers;
    private readonly QueueClient inbox;
    private readonly QueueClient outbox;
    private readonly QueueSweeper sweeper;

    /// <summary>Tables and queues of their own, named after <paramref name="name"/>.</summary>
    private RawStorage(string connectionString, string name)
    {
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(tally.PolicyFor("table"), HttpPipelinePosition.PerRetry);
        var tables = new TableServiceClient(connectionString, tableOptions);
        // Base64, as the app enqueues.
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.AddPolicy(tally.PolicyFor("queue"), HttpPipelinePosition.PerRetry);
        var queues = new QueueServiceClient(connectionString, queueOptions);
        requests = tables.GetTableClient($"Bench{name}Requests");
        customers = tables.GetTableClient($"Bench{name}Customers");
        inbox = queues.GetQueueClient($"bench{name.ToLowerInvariant()}-purchases");
        outbox = queues.GetQueueClient($"bench{name.ToLowerInvariant()}-notifications");
        sweeper = new QueueSweeper(new QueueServiceClient(connectionString).GetQueueClient(outbox.Name));
    }

    public static async Task<RawStorage> CreateAsync(string connectionString, string name, int phones, int clients)
    {
        var raw = new RawStorage(connectionString, name);
        await raw.requests.CreateIfNotExistsAsync();
        await raw.customers.CreateIfNotExistsAsync();
        await raw.inbox.CreateIfNotExistsAsync();
        await raw.outbox.CreateIfNotExistsAsync();
        // Every customer has an account row before the clock starts (the baseline has no account to open), and the rows
        // the app's tables hold by then from each phone's first purchase: its request record, and its marker and ledger
        // entry. Azurite's cost of an insert grows with the rows already in the table, so both sides start level.
        await Load.RunAsync(phones, clients, async c =>
        {
            var first = $"first-{c}";
            await raw.customers.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.UpsertReplace, Account(c, balance: 0, lots: 0, ETag.All)),
                new(TableTransactionActionType.UpsertReplace, new TableEntity(Partition(c), $"op-mbench-{first}") { ["Result"] = first }),
                new(TableTransactionActionType.UpsertReplace, new TableEntity(Partition(c), $"tx-{first}") { ["Entry"] = first }),
            ]);
            await raw.requests.UpsertEntityAsync(new TableEntity($"mbench-purchase-{first}", "-") { ["Message"] = first }, TableUpdateMode.Replace);
            return null;
        });
        return raw;
    }

    /// <summary>(a) for each purchase: its request record inserted into a partition of its own, its message sent to the inbox.</summary>
    public Task<RawResult> WebhookAsync(PurchaseBody[] purchases, int clients) =>
        MeasureAsync(() => Load.RunAsync(purchases.Length, clients, i => WebhookOneAsync(purchases[i])));

    /// <summary>(a) at a steady rate: its latency when Azurite keeps up.</summary>
    public Task<RawResult> WebhookPacedAsync(PurchaseBody[] purchases, double perSecond) =>
        MeasureAsync(() => Load.RunPacedAsync(purchases.Length, perSecond, i => WebhookOneAsync(purchases[i])));

    private async Task<string?> WebhookOneAsync(PurchaseBody purchase)
    {
        var message = JsonSerializer.Serialize(new { purchase = JsonDocument.Parse(purchase.Json).RootElement });
        await requests.AddEntityAsync(new TableEntity($"mbench-purchase-{purchase.PurchaseId}", "-")
        {
            ["Fingerprint"] = Convert.ToHexStringLower(SHA256.HashData(purchase.Json)),
            ["ReceivedAt"] = DateTimeOffset.UtcNow,
            ["Message"] = message,
        });
        await inbox.SendMessageAsync(message);
        return null;
    }

    /// <summary>Empties the inbox after (a), off the clock: Azurite keeps every queue's messages in one list that each send, receive and delete works through.</summary>
    public async Task ClearInboxAsync() => await inbox.ClearMessagesAsync();

    /// <summary>(b) for each of the <paramref name="count"/> messages in the inbox: accrued as the app would, then deleted.</summary>
    public Task<RawResult> AccrualAsync(int count, int clients) => MeasureAsync(() => DrainAsync(inbox, customers, outbox, count, clients));

    /// <summary>Drops the tables and queues, so that Azurite holds only what the rest of the run needs.</summary>
    public async ValueTask DisposeAsync()
    {
        await sweeper.DisposeAsync();
        await Task.WhenAll(requests.DeleteAsync(), customers.DeleteAsync(), inbox.DeleteIfExistsAsync(), outbox.DeleteIfExistsAsync());
    }

    /// <summary>Chunks measured one after another, as one.</summary>
    public static RawResult Combine(IReadOnlyList<RawResult> chunks) => new(
        LoadResult.Combine([.. chunks.Select(c => c.Load)]),
        chunks.Sum(c => c.Requests),
        chunks.SelectMany(c => c.ByKind).GroupBy(k => k.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(k => k.Value), StringComparer.Ordinal));

    private async Task<RawResult> MeasureAsync(Func<Task<LoadResult>> run)
    {
        tally.Reset();
        var load = await run();
        var byKind = tally.Snapshot();
        return new RawResult(load, byKind.Values.Sum(), byKind);
    }

    /// <summary>Workers that each receive a batch and accrue its messages one after another until the queue is empty.</summary>
    private static async Task<LoadResult> DrainAsync(QueueClient inbox, TableClient customers, QueueClient outbox, int count, int clients)
    {
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        string? firstFailure = null;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            // The queue was filled before the clock started: a worker that finds it empty is done (the rest are in other workers' hands).
            while (true)
            {
                QueueMessage[] batch = await inbox.ReceiveMessagesAsync(BatchSize, TimeSpan.FromMinutes(1));
                if (batch.Length == 0)
                {
                    break;
                }

                foreach (var message in batch)
                {
                    var begun = Stopwatch.GetTimestamp();
                    try
                    {
                        await AccrueAsync(message, customers, outbox);
                        await inbox.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    }
                    catch (RequestFailedException ex)
                    {
                        if (Interlocked.Increment(ref failures) == 1)
                        {
                            firstFailure = ex.Message;
                        }
                    }

                    latencies.Add(Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
                }
            }
        })));
        return latencies.Count == count
            ? new LoadResult(count, Stopwatch.GetElapsedTime(started), [.. latencies], failures, firstFailure)
            : throw new InvalidOperationException($"The raw accrual found {latencies.Count} messages, not {count}.");
    }

    /// <summary>Read the account, commit marker + account + entry in one transaction (again from a fresh read if another worker won), queue the notification.</summary>
    private static async Task AccrueAsync(QueueMessage message, TableClient customers, QueueClient outbox)
    {
        using var document = JsonDocument.Parse(message.Body.ToString());
        var purchase = document.RootElement.GetProperty("purchase");
        var purchaseId = purchase.GetProperty("purchaseId").GetString()!;
        var customer = int.Parse(purchase.GetProperty("phone").GetString()!.AsSpan(5), CultureInfo.InvariantCulture) - 1_000_000;
        var points = (long)(purchase.GetProperty("amount").GetDecimal() * 0.03m);
        while (true)
        {
            var account = (await customers.GetEntityAsync<TableEntity>(Partition(customer), "account")).Value;
            var balance = account.GetInt64("Balance")!.Value + points;
            var lots = account.GetInt32("LotCount")!.Value + 1;
            var result = JsonSerializer.Serialize(new { purchaseId, points, balance, tier = "Bronze", entryId = Guid.NewGuid() });
            List<TableTransactionAction> transaction =
            [
                new(TableTransactionActionType.Add, new TableEntity(Partition(customer), $"op-mbench-{purchaseId}")
                {
                    ["Fingerprint"] = Convert.ToHexStringLower(SHA256.HashData(message.Body.ToArray())),
                    ["Result"] = result,
                    ["Purchase"] = purchase.GetRawText(),
                    ["RecordedAt"] = DateTimeOffset.UtcNow,
                }),
                new(TableTransactionActionType.UpdateReplace, Account(customer, balance, lots, account.ETag), account.ETag),
                new(TableTransactionActionType.Add, new TableEntity(Partition(customer), $"tx-{DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UtcNow.UtcTicks:D19}-{Guid.NewGuid():N}")
                {
                    ["Entry"] = result,
                }),
            ];
            try
            {
                await customers.SubmitTransactionAsync(transaction);
                break;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                // Another worker changed this customer first: read again.
            }
        }

        await outbox.SendMessageAsync(JsonSerializer.Serialize(new
        {
            id = $"earn-mbench-{purchaseId}",
            customerId = Partition(customer),
            kind = "PointsEarned",
            points,
            occurredAt = DateTimeOffset.UtcNow,
            merchantId = "mbench",
        }));
    }

    private static string Partition(int customer) => $"c{customer:D7}";

    /// <summary>An account row about the size of the app's: balance, tier, profile and the open lots as JSON.</summary>
    private static TableEntity Account(int customer, long balance, int lots, ETag etag) => new(Partition(customer), "account")
    {
        ETag = etag,
        ["Balance"] = balance,
        ["Tier"] = "Bronze",
        ["LotCount"] = lots,
        ["Lots"] = string.Concat(Enumerable.Repeat("{\"id\":\"0123456789abcdef\",\"points\":100,\"expires\":\"2026-01-01T00:00:00Z\"},", Math.Min(lots, 20))),
        ["Profile"] = $"{{\"phone\":\"{Purchases.Phone(customer)}\",\"card\":\"123456789012\",\"invite\":\"ABCDEFGH\",\"language\":\"ru\"}}",
    };

    /// <summary>Counts the baseline's own requests by service and method, so the report can show what the baseline is made of.</summary>
    private sealed class RequestTally
    {
        private readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);

        public void Reset() => counts.Clear();

        public Dictionary<string, long> Snapshot() => new(counts, StringComparer.Ordinal);

        public HttpPipelinePolicy PolicyFor(string service) => new Policy(this, service);

        private void Count(string service, HttpMessage message)
        {
            var batch = message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) ? " $batch" : "";
            counts.AddOrUpdate($"{service} {message.Request.Method}{batch}", 1, (_, n) => n + 1);
        }

        private sealed class Policy(RequestTally tally, string service) : HttpPipelinePolicy
        {
            public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
            {
                tally.Count(service, message);
                ProcessNext(message, pipeline);
            }

            public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
            {
                tally.Count(service, message);
                return ProcessNextAsync(message, pipeline);
            }
        }
    }
}
