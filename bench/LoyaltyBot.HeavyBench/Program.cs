using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using LoyaltyBot.Bench;
using LoyaltyBot.HeavyBench;

// The heavy-customer benchmark: what one operation on a customer costs with 10, 1 000 or 10 000 purchases on record,
// on the real app (its build, processes of their own, standalone) and an Azurite of its own. A measurement, not a test:
// it prints its figures with the target and exits 0 whether it is met or not.
var options = HeavyOptions.Parse(args);
var repo = BenchPaths.RepoRoot();
var appDll = BenchPaths.AppDll(repo, options.AppDll);
if (!File.Exists(appDll))
{
    Console.Error.WriteLine($"The app is not built at {appDll}: dotnet build -c Release src/Functions (dotnet run -c Release --project bench/LoyaltyBot.HeavyBench builds it).");
    return 1;
}

// A set-up or measurement in which the app settled no purchase for this long has stopped: the account refuses them.
var patience = TimeSpan.FromSeconds(30);
var runId = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
var adminKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
var build = $"app {BenchPaths.Configuration} build of {await CommitAsync()}, standalone";
var machine = $"{Environment.ProcessorCount} cores shared by the app's two instances, Azurite and the benchmark, load average {LoadAverage()} at the start";
Progress(options.CommandLine);
Progress($"{build}; {machine}");

using var azurite = await Azurite.StartAsync(repo);
var tables = new TableServiceClient(azurite.ConnectionString);
var queues = new QueueServiceClient(azurite.ConnectionString);
var purchasesQueue = queues.GetQueueClient("purchases");

// Two instances of the app on the same storage, their AccruePurchase off until the benchmark switches one on: one takes
// one message at a time, the other host.json's batch. Both poll an idle queue at most 100 ms apart, not 5 s.
var quiet = new Dictionary<string, string>
{
    ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.100",
    ["AzureWebJobs__AccruePurchase__Disabled"] = "true",
};
using var oneAtATimeApp = await AppProcess.StartAsync(appDll, azurite.ConnectionString, adminKey, new Dictionary<string, string>(quiet)
{
    ["AzureFunctionsJobHost__extensions__queues__batchSize"] = "1",
    ["AzureFunctionsJobHost__extensions__queues__newBatchThreshold"] = "0",
});
using var batchApp = await AppProcess.StartAsync(appDll, azurite.ConnectionString, adminKey, quiet);
using var oneAtATime = new AppClient(oneAtATimeApp.BaseAddress, options.Clients, adminKey);
using var batch = new AppClient(batchApp.BaseAddress, options.Clients, adminKey);
await using var sweeper = new QueueSweeper(queues.GetQueueClient("notifications"));
var raw = await RawProbe.CreateAsync(tables);
var merchant = await oneAtATime.CreateMerchantAsync(tables);
Progress($"merchant {merchant.MerchantId} made with {merchant.How}");

// 1. Set-up, not measured: customer i (phone i) gets sizes[i] purchases spread over the last days through the webhook, a
// chunk at a time. The batch instance accrues them, as the app runs; should it retry on ETag conflicts (more than 1.1
// table batches per accrual), the rest of the set-up goes one message at a time, which never conflicts and is slower.
var setUpBy = (Client: batch, App: batchApp, How: "the batch instance");
var accounts = new List<(int Size, int Accrued, TimeSpan Took, string How, string? Problem)>();
for (var i = 0; i < options.Sizes.Count; i++)
{
    var clock = Stopwatch.StartNew();
    var (accrued, how, problem) = await SetUpAsync(Purchases.History($"h{runId}s{i}", i, options.Sizes[i], options.Days, seed: i));
    accounts.Add((options.Sizes[i], accrued, clock.Elapsed, how, problem));
    Progress($"customer {i}: {accrued} of {options.Sizes[i]} purchases accrued in {clock.Elapsed.TotalSeconds:F0} s ({how}){(problem is null ? "" : $"; {problem}")}");
}

// 2. Warm-up, not measured: each instance accrues one purchase of each customer (it then remembers whom each phone
// names) and some of a customer of its own; the raw probe runs once each way.
foreach (var (instance, name) in new[] { (batch, "b"), (oneAtATime, "o") })
{
    var warm = Purchases.Make($"w{name}{runId}", 32, options.Sizes.Count, 1, seed: 100)
        .Concat(accounts.Select((a, i) => (a, i)).Where(x => x.a.Problem is null).SelectMany(x => Purchases.Make($"w{name}{runId}c{x.i}", 1, x.i, 1, seed: 200 + x.i)))
        .ToArray();
    await AccrueAsync(instance, warm);
}

await raw.RunAsync(options.Measured, 1);
await raw.RunAsync(options.Measured, options.Clients);

// 3. The admin lookup and its raw reads, the sizes taking turns call by call, so that the machine's moments fall on each alike.
var phones = accounts.Select((_, i) => Purchases.Phone(i)).ToArray();
var views = new byte[]?[accounts.Count];
var customerIds = new string?[accounts.Count];
var onRecord = new long[accounts.Count];
var lots = new int[accounts.Count];
for (var i = 0; i < accounts.Count; i++)
{
    views[i] = await oneAtATime.FindCustomerAsync(phones[i]);
    using var view = views[i] is { } json ? System.Text.Json.JsonDocument.Parse(json) : null;
    customerIds[i] = view?.RootElement.GetProperty("customerId").GetString();
    lots[i] = view?.RootElement.GetProperty("lots").GetArrayLength() ?? 0;
    onRecord[i] = customerIds[i] is { } id ? await CountEntriesAsync(id) : 0;
}

var (app, rawReads) = (new Lookups(accounts.Count, options.Lookups), new Lookups(accounts.Count, options.Lookups));
var lookupClock = Stopwatch.StartNew();
for (var call = -5; call < options.Lookups; call++)
{
    for (var i = 0; i < accounts.Count; i++)
    {
        if (customerIds[i] is not { } id)
        {
            continue;
        }

        // The first five calls of each warm up.
        await app.TimeAsync(i, call, async () => await oneAtATime.FindCustomerAsync(phones[i]) is null ? "not 200" : null);
        await rawReads.TimeAsync(i, call, () => raw.LookUpAsync(phones[i], id));
    }
}

// 4. The accruals, size by size: sequential, then 32 at once, each between two runs of its raw baseline.
var results = new List<SizeResult>();
for (var i = 0; i < accounts.Count; i++)
{
    var (size, _, took, how, problem) = accounts[i];
    Accrual? sequential = null, atOnce = null;
    double rawSequential = double.NaN, rawAtOnce = double.NaN;
    if (problem is null)
    {
        var rawBefore = await raw.RunAsync(options.Measured, 1);
        sequential = await AccrueAsync(oneAtATime, Purchases.Make($"s{runId}c{i}", options.Measured, i, 1, seed: 300 + i));
        rawSequential = (rawBefore + await raw.RunAsync(options.Measured, 1)) / 2;
        Progress($"{size}: sequential {sequential.PerSecond:F0} accruals/s (raw {rawSequential:F0}/s), {sequential.RequestsPer:F2} requests, "
            + $"{sequential.KbReadPer:F1} KB read, {sequential.KbWrittenPer:F1} KB written, {sequential.BatchesPer:F2} batches per accrual");
        rawBefore = await raw.RunAsync(options.Measured, options.Clients);
        atOnce = await AccrueAsync(batch, Purchases.Make($"c{runId}c{i}", options.Measured, i, 1, seed: 400 + i));
        rawAtOnce = (rawBefore + await raw.RunAsync(options.Measured, options.Clients)) / 2;
        Progress($"{size}: 32 at once {atOnce.PerSecond:F0} accruals/s (raw {rawAtOnce:F0}/s), {atOnce.RequestsPer:F2} requests, "
            + $"{atOnce.KbReadPer:F1} KB read, {atOnce.KbWrittenPer:F1} KB written, {atOnce.BatchesPer:F2} batches per accrual");
    }

    var after = customerIds[i] is { } id ? await CountEntriesAsync(id) : 0;
    Progress($"{size}: admin lookup median {app.Result(i, lookupClock.Elapsed).Percentile(50):F1} ms (raw reads {rawReads.Result(i, lookupClock.Elapsed).Percentile(50):F1} ms), "
        + $"answer {views[i]?.Length ?? 0} bytes, {lots[i]} lots; "
        + $"{onRecord[i]} → {after} on record");
    results.Add(new SizeResult(size, onRecord[i], took, how, problem, app.Result(i, lookupClock.Elapsed), rawReads.Result(i, lookupClock.Elapsed), views[i]?.LongLength ?? 0, lots[i],
        sequential, rawSequential, atOnce, rawAtOnce, after));
}

Console.WriteLine();
Console.WriteLine(HeavyReport.Write(new HeavyInput(options, build, machine, results)));
return 0;

// Posts the history a chunk at a time while the set-up's instance accrues it; stops at the first chunk that was refused,
// or in which the app settled nothing for a while (the account takes no more), and empties the queue then.
async Task<(int Accrued, string How, string? Problem)> SetUpAsync(PurchaseBody[] history)
{
    var accrued = 0;
    var how = setUpBy.How;
    foreach (var chunk in history.Chunk(options.Chunk))
    {
        var (client, app) = (setUpBy.Client, setUpBy.App);
        await client.ResetStorageCountsAsync();
        await client.SwitchAsync("AccruePurchase", enable: true);
        var posted = await PostAsync(chunk);
        var (elapsed, counts) = await client.WaitUntilSettledAsync(chunk.Length - posted.Failures, Stopwatch.StartNew(), patience);
        await client.SwitchAsync("AccruePurchase", enable: false);
        accrued += (int)counts.PurchasesAccrued;
        if (posted.Failures > 0 || elapsed is null || counts.PurchasesPoisoned > 0)
        {
            await purchasesQueue.ClearMessagesAsync();
            return (accrued, how, $"set-up stopped at {accrued} purchases accrued: {posted.Failures} posts of {chunk.Length} refused{(posted.FirstFailure is { } f ? $" ({f})" : "")}, "
                + $"{counts.PurchasesPoisoned} poisoned, {(elapsed is null ? $"none accrued for {patience.TotalSeconds:F0} s" : "the rest accrued")}; "
                + $"the app's last error: {LastError(app.OutputTail)}");
        }

        var batchesPer = (double)counts.Of("table POST $batch") / Math.Max(1, counts.PurchasesAccrued);
        if (setUpBy.Client == batch && batchesPer > 1.1)
        {
            setUpBy = (oneAtATime, oneAtATimeApp, "the one-at-a-time instance");
            Progress($"set-up: {batchesPer:F2} table batches per accrual with the batch (ETag conflicts); one message at a time from here");
            how = $"the batch instance ({batchesPer:F2} table batches per accrual: ETag conflicts), then the one-at-a-time instance";
        }
    }

    return (accrued, how, null);
}

// Posts the purchases with every AccruePurchase off, then switches the instance's on and times it until all are settled.
async Task<Accrual> AccrueAsync(AppClient accruing, PurchaseBody[] purchases)
{
    var posted = await PostAsync(purchases);
    await accruing.ResetStorageCountsAsync();
    var clock = Stopwatch.StartNew();
    await accruing.SwitchAsync("AccruePurchase", enable: true);
    var (elapsed, counts) = await accruing.WaitUntilSettledAsync(purchases.Length - posted.Failures, clock, patience);
    await accruing.SwitchAsync("AccruePurchase", enable: false);
    if (elapsed is null)
    {
        Progress($"gave up: {counts.PurchasesSettled} of {purchases.Length - posted.Failures} settled; the queue is emptied");
        await purchasesQueue.ClearMessagesAsync();
    }

    return new Accrual(purchases.Length, posted.Failures, elapsed, counts);
}

// Through the one-at-a-time instance's webhook, signed now, from the clients.
async Task<LoadResult> PostAsync(PurchaseBody[] bodies)
{
    var signatures = bodies.Select(b => Purchases.Sign(merchant.Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), b.Json)).ToArray();
    return await Load.RunAsync(bodies.Length, options.Clients, i => oneAtATime.PostPurchaseAsync(merchant.MerchantId, bodies[i], signatures[i]));
}

// The customer's ledger entries, one per accrued purchase here: the purchases on record.
async Task<long> CountEntriesAsync(string customerId)
{
    var customers = tables.GetTableClient("Customers");
    long entries = 0;
    await foreach (var _ in customers.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {"tx-"} and RowKey lt {"tx."}"), select: ["RowKey"]))
    {
        entries++;
    }

    return entries;
}

async Task<string> CommitAsync()
{
    try
    {
        var head = await GitAsync("rev-parse --short HEAD");
        var changed = await GitAsync("status --porcelain -- src");
        return $"commit {head}{(changed.Length > 0 ? " with uncommitted changes in src/" : "")}";
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "an unknown commit (no git)";
    }
}

async Task<string> GitAsync(string arguments)
{
    using var git = Process.Start(new ProcessStartInfo("git", $"-C \"{repo}\" {arguments}") { RedirectStandardOutput = true, UseShellExecute = false })!;
    var output = await git.StandardOutput.ReadToEndAsync();
    await git.WaitForExitAsync();
    return output.Trim();
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

// The app's last logged exception line, for a set-up that stopped.
static string LastError(string output) =>
    output.Split('\n').LastOrDefault(l => l.Contains("Exception", StringComparison.Ordinal))?.Trim() is { } line
        ? line.Length <= 300 ? line : line[..300] + "…"
        : "none logged";

static void Progress(string line) => Console.WriteLine($"[heavy {DateTime.Now:HH:mm:ss}] {line}");
