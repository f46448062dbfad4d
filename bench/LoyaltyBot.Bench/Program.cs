using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using LoyaltyBot.Bench;

// The app benchmark: the webhook and accrual of the real app (its build, a process of its own, standalone) on an
// Azurite of its own, against raw SDK baselines on the same Azurite at the same concurrency. A measurement, not a test:
// it prints its figures with the targets and exits 0 whether they are met or not.
var options = BenchOptions.Parse(args);
var repo = BenchPaths.RepoRoot();
var configuration = BenchPaths.Configuration;
var appDll = BenchPaths.AppDll(repo, options.AppDll);
if (!File.Exists(appDll))
{
    Console.Error.WriteLine($"The app is not built at {appDll}: dotnet build -c Release src/Functions (dotnet run -c Release --project bench/LoyaltyBot.Bench builds it).");
    return 1;
}

var runId = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
var adminKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
var (n, clients, phones, warmup) = (options.Purchases, options.Clients, options.Phones, options.Warmup);
Progress($"{n} purchases from {clients} clients by {phones} phones; app {Path.GetRelativePath(repo, appDll)}");

using var azurite = await Azurite.StartAsync(repo);
var cpu = new CpuClock([.. azurite.ProcessIds], azurite.TableProcessId);
var tables = new TableServiceClient(azurite.ConnectionString);
var queues = new QueueServiceClient(azurite.ConnectionString);

// 1. Start-up: from the process start until GET / answers 200, a few times.
var readyTimes = new List<TimeSpan>();
for (var i = 0; i < options.Starts; i++)
{
    using var started = await AppProcess.StartAsync(appDll, azurite.ConnectionString, adminKey);
    readyTimes.Add(started.ReadyAfter);
    Progress($"start {i + 1}: ready after {started.ReadyAfter.TotalMilliseconds:F0} ms");
}

var notifications = queues.GetQueueClient("notifications");

// Between chunks the purchases queue is idle, and the app's listener backs off up to host.json's maxPollingInterval (5 s)
// before it looks again; a continuous stream never waits for that, so the apps that accrue poll at most 100 ms apart.
var quickPolling = new Dictionary<string, string> { ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.100" };
var purchasesQueue = queues.GetQueueClient("purchases");

// 2. Each phone buys once, so that the measured purchases are by returning customers, as the baseline's accounts exist
// before it starts. What a first purchase costs (it opens the account) is reported on its own.
(string Id, string Secret, string How) merchant;
StorageCounts openings;
using (var app = await AppProcess.StartAsync(appDll, azurite.ConnectionString, adminKey, quickPolling))
using (var client = new AppClient(app.BaseAddress, clients, adminKey))
await using (new QueueSweeper(notifications))
{
    merchant = await client.CreateMerchantAsync(tables);
    Progress($"merchant {merchant.Id} made with {merchant.How}");
    var first = new List<EndToEnd>();
    foreach (var part in Enumerable.Range(0, phones).Select(c => Purchases.Make($"af{runId}c{c}", 1, c, 1, seed: c)[0]).Chunk(options.Chunk))
    {
        first.Add(await PostAndAccrueAsync(client, app, part));
    }

    var firsts = EndToEnd.Combine(first);
    openings = firsts.Counts;
    Progress($"first purchases: {firsts.Posted.Count - firsts.Posted.Failures} accrued, {firsts.Posted.Failures} refused {firsts.Posted.FirstFailure}");
}

// 3. The measured run: raw and app take turns chunk by chunk, so that both see the same moments of a shared machine and
// the same data sizes, and no queue holds more than a chunk. Each side takes a chunk in through the webhook and then
// accrues it with the queue full: raw (a) then (b); the app with its AccruePurchase trigger switched off while it takes
// the posts (POST /admin/functions/AccruePurchase/disable), then on until the chunk is on the ledger. So the webhook and
// the accrual are each measured alone, as their baselines are, and end to end is the two one after the other.
using var running = await AppProcess.StartAsync(appDll, azurite.ConnectionString, adminKey,
    new Dictionary<string, string>(quickPolling) { ["AzureWebJobs__AccruePurchase__Disabled"] = "true" });
using var appClient = new AppClient(running.BaseAddress, clients, adminKey);
cpu.App = running.ProcessId;
List<RawResult> rawWebhookChunks = [], rawAccrualChunks = [];
List<LoadResult> webhookChunks = [];
List<EndToEnd> accrualChunks = [];
var webhookCounts = StorageCounts.None;
CpuUse rawWebhookCpu = CpuUse.None, rawAccrualCpu = CpuUse.None, appWebhookCpu = CpuUse.None, appAccrualCpu = CpuUse.None;
var pacedRate = double.NaN;
List<RawResult> rawPacedRuns = [];
List<LoadResult> appPacedRuns = [];
await using (var raw = await RawStorage.CreateAsync(azurite.ConnectionString, "Run", phones, clients))
await using (new QueueSweeper(notifications))
{
    var rawParts = Parts("r", seed: 2);
    var appParts = Parts("a", seed: 2);
    for (var i = 0; i < rawParts.Length; i++)
    {
        if (i == WarmupChunks())
        {
            // The warm-up chunks are done: count from here.
            (rawWebhookChunks, rawAccrualChunks, webhookChunks, accrualChunks, webhookCounts) = ([], [], [], [], StorageCounts.None);
            (rawWebhookCpu, rawAccrualCpu, appWebhookCpu, appAccrualCpu) = (CpuUse.None, CpuUse.None, CpuUse.None, CpuUse.None);
        }

        var rawCpu = cpu.Start();
        rawWebhookChunks.Add(await raw.WebhookAsync(rawParts[i], clients));
        rawWebhookCpu = rawWebhookCpu.Plus(rawCpu.Stop());
        rawCpu = cpu.Start();
        rawAccrualChunks.Add(await raw.AccrualAsync(rawParts[i].Length, clients));
        rawAccrualCpu = rawAccrualCpu.Plus(rawCpu.Stop());

        await appClient.ResetStorageCountsAsync();
        var webhookCpu = cpu.Start();
        webhookChunks.Add(await PostAsync(appClient, appParts[i]));
        appWebhookCpu = appWebhookCpu.Plus(webhookCpu.Stop());
        webhookCounts = webhookCounts.Plus(await appClient.ReadStorageCountsAsync());

        await appClient.ResetStorageCountsAsync();
        var accrualCpu = cpu.Start();
        accrualChunks.Add(await AccrueAsync(appClient, running, appParts[i].Length - webhookChunks[^1].Failures));
        appAccrualCpu = appAccrualCpu.Plus(accrualCpu.Stop());
        Progress($"chunk {i + 1} of {rawParts.Length}: webhook app {webhookChunks[^1].PerSecond:F0}/s, raw (a) {rawWebhookChunks[^1].Load.PerSecond:F0}/s; "
            + $"accrual app {appParts[i].Length / (accrualChunks[^1].Elapsed?.TotalSeconds ?? double.NaN):F0}/s, raw (b) {rawAccrualChunks[^1].Load.PerSecond:F0}/s");
        if (accrualChunks[^1].Elapsed is null)
        {
            break;
        }
    }

    // 4. Webhook latency at a steady half of raw (a)'s rate, raw and app taking turns in short runs so that both meet the
    // emulator's pauses alike, on the same tables as the run: what a till sees when storage keeps up (at full load, with
    // 32 clients always waiting, latency is only the queue in front of Azurite). The first turn of each warms up after
    // the full-load run (its slowest posts were 4 times the rest's) and is not counted.
    pacedRate = RawStorage.Combine(rawWebhookChunks).Load.PerSecond / 2;
    var pacedCount = Math.Min(options.Chunk, n);
    for (var turn = 0; turn < 5; turn++)
    {
        if (turn == 1)
        {
            (rawPacedRuns, appPacedRuns) = ([], []);
        }

        var rawPart = Purchases.Make($"lr{turn}{runId}", pacedCount / 4, 0, phones, seed: 5 + turn);
        var appPart = Purchases.Make($"la{turn}{runId}", pacedCount / 4, 0, phones, seed: 5 + turn);
        rawPacedRuns.Add(await raw.WebhookPacedAsync(rawPart, pacedRate));
        await raw.ClearInboxAsync();
        var signatures = appPart.Select(b => Purchases.Sign(merchant.Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), b.Json)).ToArray();
        appPacedRuns.Add(await Load.RunPacedAsync(appPart.Length, pacedRate, i => appClient.PostPurchaseAsync(merchant.Id, appPart[i], signatures[i])));
        await purchasesQueue.ClearMessagesAsync();
    }
}

var (rawPaced, appPaced) = (RawStorage.Combine(rawPacedRuns), LoadResult.Combine(appPacedRuns));
Progress($"paced webhook at {pacedRate:F0}/s: app p99 {appPaced.Percentile(99):F1} ms (turns {string.Join(", ", appPacedRuns.Select(t => t.Percentile(99).ToString("F1", CultureInfo.InvariantCulture)))}), "
    + $"raw (a) p99 {rawPaced.Load.Percentile(99):F1} ms (turns {string.Join(", ", rawPacedRuns.Select(t => t.Load.Percentile(99).ToString("F1", CultureInfo.InvariantCulture)))})");

var (rawWebhook, rawAccrual, webhook, accrual) = (RawStorage.Combine(rawWebhookChunks), RawStorage.Combine(rawAccrualChunks), LoadResult.Combine(webhookChunks), EndToEnd.Combine(accrualChunks));
Progress($"webhook: app {webhook.PerSecond:F0} accepted/s ({webhook.Failures} refused {webhook.FirstFailure}), raw (a) {rawWebhook.Load.PerSecond:F0}/s; "
    + $"accrual: app {(accrual.Elapsed is { } e ? $"{accrual.Accrued / e.TotalSeconds:F0}/s" : "did not finish")}, raw (b) {rawAccrual.Load.PerSecond:F0}/s");

var peak = running.PeakWorkingSet();

// Checked after the clock stopped: every purchase is on the ledger once, nothing was poisoned.
var ledgerEntries = await CountLedgerEntriesAsync();
var poisoned = (await queues.GetQueueClient("purchases-poison").GetPropertiesAsync()).Value.ApproximateMessagesCount;
var left = (await purchasesQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

Console.WriteLine();
Console.WriteLine(Report.Write(new ReportInput(options, configuration, readyTimes, rawWebhook, rawAccrual, rawWebhookCpu, rawAccrualCpu, appWebhookCpu, appAccrualCpu,
    webhook, webhookCounts, accrual, openings, pacedRate, rawPaced, appPaced, peak, ledgerEntries, phones + warmup + n, poisoned, left, merchant.How)));
return 0;

// Posts a chunk and waits until it is accrued: the time from its first post until its last purchase is on the ledger,
// and the app's storage requests, split at the end of the posting.
async Task<EndToEnd> PostAndAccrueAsync(AppClient client, AppProcess app, PurchaseBody[] part)
{
    await client.ResetStorageCountsAsync();
    var clock = Stopwatch.StartNew();
    var posted = await PostAsync(client, part);
    var afterPosting = await client.ReadStorageCountsAsync();
    var (accruedAfter, afterAccrual) = await WaitUntilAccruedAsync(client, app, part.Length - posted.Failures, clock);
    return new EndToEnd(posted, accruedAfter, afterPosting, afterAccrual, part.Length - posted.Failures);
}

// Switches the app's accrual on until the queued chunk is on the ledger, then off again: the time from the switch until
// the last purchase was accrued, and the app's storage requests meanwhile.
async Task<EndToEnd> AccrueAsync(AppClient client, AppProcess app, int count)
{
    var clock = Stopwatch.StartNew();
    await client.SwitchAsync("AccruePurchase", enable: true);
    var (accruedAfter, counts) = await WaitUntilAccruedAsync(client, app, count, clock);
    await client.SwitchAsync("AccruePurchase", enable: false);
    return new EndToEnd(LoadResult.Nothing, accruedAfter, StorageCounts.None, counts, count);
}

// The warm-up's chunks, then the measured run's.
PurchaseBody[][] Parts(string prefix, int seed) =>
    [.. Purchases.Make($"{prefix}w{runId}", warmup, 0, phones, seed + 100).Chunk(options.Chunk), .. Purchases.Make($"{prefix}{runId}", n, 0, phones, seed).Chunk(options.Chunk)];

int WarmupChunks() => (warmup + options.Chunk - 1) / options.Chunk;

async Task<LoadResult> PostAsync(AppClient client, PurchaseBody[] bodies)
{
    var signatures = bodies.Select(b => Purchases.Sign(merchant.Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), b.Json)).ToArray();
    return await Load.RunAsync(bodies.Length, clients, i => client.PostPurchaseAsync(merchant.Id, bodies[i], signatures[i]));
}

// Done when the app has deleted as many purchases messages as were posted; gives up after 20 minutes without one.
async Task<(TimeSpan? Elapsed, StorageCounts Counts)> WaitUntilAccruedAsync(AppClient client, AppProcess app, int count, Stopwatch since)
{
    var (elapsed, counts) = await client.WaitUntilSettledAsync(count, since, TimeSpan.FromMinutes(20));
    if (elapsed is null)
    {
        Progress($"gave up waiting: {counts.Of("queue DELETE purchases")} of {count} accrued. The app's output:\n{app.OutputTail}");
    }

    return (elapsed, counts);
}

async Task<long> CountLedgerEntriesAsync()
{
    var customers = tables.GetTableClient("Customers");
    long entries = 0;
    await foreach (var _ in customers.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey ge {"tx-"} and RowKey lt {"tx."}"), select: ["RowKey"]))
    {
        entries++;
    }

    return entries;
}

static void Progress(string line) => Console.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {line}");

/// <summary>
/// Purchases accrued (and posted, where the same clock covers both): the posts, the time until the last was on the
/// ledger (null if it never was), the app's storage requests, how many were accrued.
/// </summary>
internal sealed record EndToEnd(LoadResult Posted, TimeSpan? Elapsed, StorageCounts WhilePosting, StorageCounts Counts, int Accrued)
{
    public static EndToEnd Combine(IReadOnlyList<EndToEnd> chunks) => new(
        LoadResult.Combine([.. chunks.Select(c => c.Posted)]),
        chunks.All(c => c.Elapsed is not null) ? TimeSpan.FromTicks(chunks.Sum(c => c.Elapsed!.Value.Ticks)) : null,
        chunks.Aggregate(StorageCounts.None, (sum, c) => sum.Plus(c.WhilePosting)),
        chunks.Aggregate(StorageCounts.None, (sum, c) => sum.Plus(c.Counts)),
        chunks.Sum(c => c.Accrued));
}
