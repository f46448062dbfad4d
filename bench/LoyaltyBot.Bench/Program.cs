using System.Diagnostics;
using System.Globalization;
using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using LoyaltyBot.Bench;

// The benchmark of issue 4: the webhook and accrual of the real app (its Release build, a process of its own, standalone)
// on an Azurite of its own, against raw SDK baselines on the same Azurite at the same concurrency. A measurement, not a
// test: it prints its figures with the targets and exits 0 whether they are met or not.
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
Progress($"{options.Purchases} purchases from {options.Clients} clients over {options.Phones} phones; app {Path.GetRelativePath(repo, appDll)}");

using var azurite = await Azurite.StartAsync(repo);
var cpu = new CpuClock(azurite.ProcessId);

// 1. Start-up: process start until GET / answers 200, a few times; the last process stays for the load.
var readyTimes = new List<TimeSpan>();
AppProcess? app = null;
for (var i = 0; i < options.Starts; i++)
{
    app?.Dispose();
    app = await AppProcess.StartAsync(appDll, azurite.ConnectionString, adminKey);
    readyTimes.Add(app.ReadyAfter);
    Progress($"start {i + 1}: ready after {app.ReadyAfter.TotalMilliseconds:F0} ms");
}

using var running = app!;
cpu.App = running.ProcessId;

// 2. Raw baselines, after a warm-up round of their own, on tables and queues the app does not use.
var raw = new RawStorage(azurite.ConnectionString);
await raw.RunAsync("Warm", Purchases.Make("rw" + runId, options.Warmup, 0, options.Phones, seed: 1), options.Phones, options.Clients);
var rawCpu = cpu.Start();
var (rawWebhook, rawAccrual) = await raw.RunAsync("Run", Purchases.Make("rr" + runId, options.Purchases, 0, options.Phones, seed: 2), options.Phones, options.Clients);
var rawCpuUsed = rawCpu.Stop();
Progress($"raw: {rawWebhook.Load.PerSecond:F0} webhook ops/s, {rawAccrual.Load.PerSecond:F0} accruals/s");
await raw.DeleteAsync();

// 3. The app: a merchant, a warm-up on phones of its own, then the measured run.
using var client = new AppClient(new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Clients,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    UseCookies = false,
    AutomaticDecompression = DecompressionMethods.None,
})
{
    BaseAddress = running.BaseAddress,
    Timeout = TimeSpan.FromSeconds(60),
}, adminKey);
var tables = new TableServiceClient(azurite.ConnectionString);
var queues = new QueueServiceClient(azurite.ConnectionString);
var (merchantId, secret, merchantHow) = await client.CreateMerchantAsync(tables);
Progress($"merchant {merchantId} made with {merchantHow}");

await client.ResetStorageCountsAsync();
var warm = await PostAsync(Purchases.Make("aw" + runId, options.Warmup, options.Phones, Math.Max(1, options.Warmup / 5), seed: 3));
await WaitUntilAccruedAsync(options.Warmup, Stopwatch.StartNew());
Progress($"app warm-up: {warm.PerSecond:F0} accepted/s, {warm.Failures} refused");

var purchases = Purchases.Make("ar" + runId, options.Purchases, 0, options.Phones, seed: 2);
await client.ResetStorageCountsAsync();
var appCpu = cpu.Start();
var endToEnd = Stopwatch.StartNew();
var posted = await PostAsync(purchases);
var afterPosting = await client.ReadStorageCountsAsync();
Progress($"app webhook: {posted.PerSecond:F0} accepted/s, {posted.Failures} refused{(posted.FirstFailure is null ? "" : $" (first: {posted.FirstFailure})")}");
var (accruedAfter, afterAccrual) = await WaitUntilAccruedAsync(options.Purchases, endToEnd);
var appCpuUsed = appCpu.Stop();
var peak = running.PeakWorkingSet();
Progress($"app accrual: {(accruedAfter is { } e ? $"{options.Purchases / e.TotalSeconds:F0} accrued/s end to end" : "did not finish")}");

// Checked after the clock stopped: every purchase is on the ledger once, nothing was poisoned.
var ledgerEntries = await CountLedgerEntriesAsync();
var poisoned = (await queues.GetQueueClient("purchases-poison").GetPropertiesAsync()).Value.ApproximateMessagesCount;
var left = (await queues.GetQueueClient("purchases").GetPropertiesAsync()).Value.ApproximateMessagesCount;

Console.WriteLine();
Console.WriteLine(Report.Write(new ReportInput(options, configuration, readyTimes, rawWebhook, rawAccrual, rawCpuUsed, posted, accruedAfter,
    afterPosting, afterAccrual, appCpuUsed, peak, ledgerEntries, options.Warmup + options.Purchases, poisoned, left, merchantHow)));
return 0;

async Task<LoadResult> PostAsync(PurchaseBody[] bodies)
{
    var signatures = bodies.Select(b => Purchases.Sign(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), b.Json)).ToArray();
    return await Load.RunAsync(bodies.Length, options.Clients, i => client.PostPurchaseAsync(merchantId, bodies[i], signatures[i]));
}

// Done when the app has deleted as many purchases messages as were posted: it deletes one only after the ledger commit
// and the notification. Read from the app's own counter, which costs Azurite nothing.
async Task<(TimeSpan? Elapsed, StorageCounts Counts)> WaitUntilAccruedAsync(int count, Stopwatch since)
{
    var deadline = Stopwatch.StartNew();
    while (true)
    {
        var counts = await client.ReadStorageCountsAsync();
        if (counts.Of("queue DELETE purchases") >= count)
        {
            return (since.Elapsed, counts);
        }

        if (deadline.Elapsed > TimeSpan.FromMinutes(10))
        {
            Progress($"gave up waiting: {counts.Of("queue DELETE purchases")} of {count} accrued. The app's output:\n{running.OutputTail}");
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
