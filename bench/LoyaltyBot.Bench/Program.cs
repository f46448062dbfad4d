using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using LoyaltyBot.Bench;

// The benchmark of issue 4: the webhook and accrual of the real app (its build, a process of its own, standalone) on an
// Azurite of its own, against raw SDK baselines on the same Azurite at the same concurrency. A measurement, not a test:
// it prints its figures with the targets and exits 0 whether they are met or not.
var options = BenchOptions.Parse(args);
var repo = RepoRoot();
var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
var appDll = options.AppDll ?? Path.Combine(repo, "src", "Functions", "bin", configuration, "net10.0", "LoyaltyBot.Functions.dll");
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
var cpu = new CpuClock(azurite.ProcessId);
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

// 2. Raw baselines, after a warm-up round of their own, on tables and queues the app does not use.
var raw = new RawStorage(azurite.ConnectionString);
await raw.RunAsync("Warm", Purchases.Make("rw" + runId, warmup, 0, phones, seed: 1), phones, clients);
var rawCpu = cpu.Start();
var (rawWebhook, rawAccrual) = await raw.RunAsync("Run", Purchases.Make("rr" + runId, n, 0, phones, seed: 2), phones, clients);
var rawCpuUsed = rawCpu.Stop();
Progress($"raw: {rawWebhook.Load.PerSecond:F0} webhook ops/s, {rawAccrual.Load.PerSecond:F0} accruals/s");
await raw.DeleteAsync();

var notifications = queues.GetQueueClient("notifications");
var purchasesQueue = queues.GetQueueClient("purchases");

// 3. Each phone buys once, so that the measured purchases are by returning customers, as the baseline's accounts exist
// before it starts. What a first purchase costs (it opens the account) is reported on its own.
(string Id, string Secret, string How) merchant;
StorageCounts openings;
using (var app = await AppProcess.StartAsync(appDll, azurite.ConnectionString, adminKey))
using (var client = new AppClient(app.BaseAddress, clients, adminKey))
await using (new QueueSweeper(notifications))
{
    merchant = await client.CreateMerchantAsync(tables);
    Progress($"merchant {merchant.Id} made with {merchant.How}");
    var firstPurchases = Enumerable.Range(0, phones).Select(c => Purchases.Make($"af{runId}c{c}", 1, c, 1, seed: c)[0]).ToArray();
    await client.ResetStorageCountsAsync();
    var first = await PostAsync(client, firstPurchases);
    (_, openings) = await WaitUntilAccruedAsync(client, app, phones - first.Failures, Stopwatch.StartNew());
    Progress($"first purchases: {phones - first.Failures} accrued, {first.Failures} refused {first.FirstFailure}");
}

// 4. The webhook alone, as the baseline (a) is: the app with its AccruePurchase trigger switched off by the Functions
// host's own setting, so that no accrual competes for Azurite. What it queues stays for step 5.
LoadResult webhookAlone;
StorageCounts webhookAloneCounts;
using (var app = await AppProcess.StartAsync(appDll, azurite.ConnectionString, adminKey, new Dictionary<string, string> { ["AzureWebJobs__AccruePurchase__Disabled"] = "true" }))
using (var client = new AppClient(app.BaseAddress, clients, adminKey))
{
    await PostAsync(client, Purchases.Make("ww" + runId, warmup, 0, phones, seed: 3));
    await client.ResetStorageCountsAsync();
    webhookAlone = await PostAsync(client, Purchases.Make("wr" + runId, n, 0, phones, seed: 4));
    webhookAloneCounts = await client.ReadStorageCountsAsync();
    Progress($"app webhook alone: {webhookAlone.PerSecond:F0} accepted/s, {webhookAlone.Failures} refused {webhookAlone.FirstFailure}");
}

var queued = (await purchasesQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

// 5. Accrual alone, as the baseline (b) is: the app, started with those purchases waiting, drains them; timed from the
// process start (its listener starts with it) until the last is deleted. This process stays for step 6.
var drainClock = Stopwatch.StartNew();
using var running = await AppProcess.StartAsync(appDll, azurite.ConnectionString, adminKey);
using var appClient = new AppClient(running.BaseAddress, clients, adminKey);
cpu.App = running.ProcessId;
StorageCounts drained, afterPosting, afterAccrual;
TimeSpan? drainedAfter, accruedAfter;
LoadResult posted;
CpuUse drainCpuUsed, appCpuUsed;
await using (new QueueSweeper(notifications))
{
    var drainCpu = cpu.Start();
    (drainedAfter, drained) = await WaitUntilAccruedAsync(appClient, running, queued, drainClock);
    drainCpuUsed = drainCpu.Stop();
    Progress($"app accrual alone: {(drainedAfter is { } d ? $"{queued / d.TotalSeconds:F0} accrued/s" : "did not finish")}");

    // 6. End to end, as the app runs: N purchases by returning customers, accrued as they arrive.
    await appClient.ResetStorageCountsAsync();
    var appCpu = cpu.Start();
    var endToEnd = Stopwatch.StartNew();
    posted = await PostAsync(appClient, Purchases.Make("ar" + runId, n, 0, phones, seed: 2));
    afterPosting = await appClient.ReadStorageCountsAsync();
    Progress($"app webhook while accruing: {posted.PerSecond:F0} accepted/s, {posted.Failures} refused {posted.FirstFailure}");
    (accruedAfter, afterAccrual) = await WaitUntilAccruedAsync(appClient, running, n - posted.Failures, endToEnd);
    appCpuUsed = appCpu.Stop();
    Progress($"app end to end: {(accruedAfter is { } e ? $"{n / e.TotalSeconds:F0} accrued/s" : "did not finish")}");
}

var peak = running.PeakWorkingSet();

// Checked after the clock stopped: every purchase is on the ledger once, nothing was poisoned.
var ledgerEntries = await CountLedgerEntriesAsync();
var poisoned = (await queues.GetQueueClient("purchases-poison").GetPropertiesAsync()).Value.ApproximateMessagesCount;
var left = (await purchasesQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

Console.WriteLine();
Console.WriteLine(Report.Write(new ReportInput(options, configuration, readyTimes, rawWebhook, rawAccrual, rawCpuUsed,
    webhookAlone, webhookAloneCounts, openings, queued, drainedAfter, drained, drainCpuUsed, posted, accruedAfter, afterPosting, afterAccrual, appCpuUsed, peak,
    ledgerEntries, phones + queued + n, poisoned, left, merchant.How)));
return 0;

async Task<LoadResult> PostAsync(AppClient client, PurchaseBody[] bodies)
{
    var signatures = bodies.Select(b => Purchases.Sign(merchant.Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), b.Json)).ToArray();
    return await Load.RunAsync(bodies.Length, clients, i => client.PostPurchaseAsync(merchant.Id, bodies[i], signatures[i]));
}

// Done when the app has deleted as many purchases messages as were posted: it deletes one only after the ledger commit
// and the notification. Read from the app's own counter, which costs Azurite nothing.
async Task<(TimeSpan? Elapsed, StorageCounts Counts)> WaitUntilAccruedAsync(AppClient client, AppProcess app, int count, Stopwatch since)
{
    var deadline = Stopwatch.StartNew();
    while (true)
    {
        var counts = await client.ReadStorageCountsAsync();
        if (counts.Of("queue DELETE purchases") >= count)
        {
            return (since.Elapsed, counts);
        }

        if (deadline.Elapsed > TimeSpan.FromMinutes(20))
        {
            Progress($"gave up waiting: {counts.Of("queue DELETE purchases")} of {count} accrued. The app's output:\n{app.OutputTail}");
            return (null, counts);
        }

        await Task.Delay(20);
    }
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

static string RepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "LoyaltyBot.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("LoyaltyBot.sln not found above the benchmark's binaries.");
}
