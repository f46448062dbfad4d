using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Azure.Data.Tables;
using LoyaltyBot.Bench;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

// The daily jobs at scale: does a job's storage work follow the customers due that day, or all customers? The real app
// runs in-process on an Azurite of its own and on a clock the benchmark moves. Customers who are not due are written
// straight into the tables (an account row and their index rows on other days), as many as asked; the customers due
// are made through the app's own services (registered, a birthday set, a purchase whose points expire that day and one
// whose points expire a week on; for the monthly tier review, customers whose tier the review lowers). Each job then
// runs through POST /admin/functions/{name}, and its storage requests are counted by the app's own counter.

/// <summary>
/// The entry point: grows the customers to each total, makes each count of customers due, runs each daily job; then, on
/// the clock moved to the next reviews, the monthly tier review.
/// </summary>
internal static class JobsBench
{
    public static async Task<int> Main(string[] args)
    {
        var options = JobsBenchOptions.Parse(args);
        Console.WriteLine($"`dotnet run -c Release --project bench/LoyaltyBot.JobsBench -- --customers {string.Join(',', options.Customers)} --due {string.Join(',', options.Due)}`");
        await using var azurite = await Azurite.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var app = new JobsApp(azurite.ConnectionString, clock);
        using var admin = app.CreateClient();
        admin.DefaultRequestHeaders.Add(AdminKey.HeaderName, app.AdminApiKey);
        var services = app.Services;
        var storage = services.GetRequiredService<StorageAccount>();
        var rules = ProgramRules.Default;
        var table = new TextTable("total customers", "due that day", "job", "storage requests", "per due customer", "what it did", "seconds");
        var filler = new Filler(azurite.ConnectionString, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

        foreach (var total in options.Customers)
        {
            await filler.GrowToAsync(total, clock.GetUtcNow());
            foreach (var due in options.Due)
            {
                // A new day for each measurement, so that the last one's customers are no longer due; at 09:00 UTC (noon in
                // Moscow), past every daily job's hour, whatever time of day the tier reviews' jumps left the clock at.
                clock.SetUtcNow(new DateTimeOffset(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1), new TimeOnly(9, 0), TimeSpan.Zero));
                var day = clock.GetUtcNow();
                await MakeDueAsync(services, rules, due, day);
                foreach (var job in DailyJobs)
                {
                    table.Add(await MeasureAsync(admin, storage, job, total, due));
                }
            }

            foreach (var due in options.Due)
            {
                // The review at least 50 days ahead: its customers earn their tier now with spend the review no longer counts.
                var review = TierReviewCalendar.NextAfter(clock.GetUtcNow().AddDays(50), rules.Zone);
                clock.SetUtcNow(TierReviewCalendar.At(review, rules.Zone).AddDays(-50));
                await MakeTierDueAsync(services, rules, due, clock.GetUtcNow());
                clock.SetUtcNow(TierReviewCalendar.At(review, rules.Zone).AddHours(1));
                table.Add(await MeasureAsync(admin, storage, "TierReview", total, due));
                // Unmeasured: the daily jobs catch up the days the jump passed, so the next measured day is one day's work.
                foreach (var job in DailyJobs)
                {
                    await RunAsync(admin, job);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine(table);
        return 0;
    }

    private static readonly string[] DailyJobs = ["ExpirePoints", "BirthdayGreetings", "ExpiryReminders"];

    /// <summary>Runs the job once and counts its storage requests: one row of the table.</summary>
    private static async Task<string[]> MeasureAsync(HttpClient admin, StorageAccount storage, string job, int total, int due)
    {
        storage.Counter.Reset();
        var watch = Stopwatch.StartNew();
        var (status, answer) = await RunAsync(admin, job);
        var requests = storage.Counter.Total;
        Console.WriteLine($"[jobs {DateTime.UtcNow:HH:mm:ss}] {total} customers, {due} due: {job} {requests} requests");
        return [total.ToString("N0", CultureInfo.InvariantCulture), due.ToString(CultureInfo.InvariantCulture), job,
            requests.ToString(CultureInfo.InvariantCulture), (requests / (double)due).ToString("F1", CultureInfo.InvariantCulture),
            status is null ? Summary(answer) : $"HTTP {status}", watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)];
    }

    /// <summary>The job run now through the admin route: null and its answer, or the HTTP status it failed with.</summary>
    private static async Task<(int? Status, string Answer)> RunAsync(HttpClient admin, string job)
    {
        using var response = await admin.PostAsJsonAsync(new Uri($"/admin/functions/{job}", UriKind.Relative), new { input = "" });
        return (response.IsSuccessStatusCode ? null : (int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // Customers a tier review 50 days on lowers: registered with a chat, lifted to the tier above the first by a purchase
    // 350 days ago, which the review's window (365 days ending the grace period before it) no longer counts.
    private static async Task MakeTierDueAsync(IServiceProvider services, ProgramRules rules, int count, DateTimeOffset now)
    {
        var directory = services.GetRequiredService<CustomerDirectory>();
        var ledger = services.GetRequiredService<LedgerStore>();
        var tier = rules.NextTier(rules.Tiers[0])!;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            var telegramUserId = Random.Shared.NextInt64(1, long.MaxValue / 2);
            var customer = (await directory.RegisterAsync(new NewCustomer(telegramUserId, null, "Tier", "ru", telegramUserId), rules, cancellationToken)).Value;
            var purchase = Purchase.Create("m1", $"t{i}-{telegramUserId}", tier.MinSpend, "RUB", now.AddDays(-350), null, 0, rules).Value;
            await ledger.EarnAsync(customer.CustomerId, purchase, rules, [], cancellationToken);
        });
    }

    // Customers due on the clock's day: born on it, holding points earned a lifetime ago that expire during it, and points
    // that expire a week on.
    private static async Task MakeDueAsync(IServiceProvider services, ProgramRules rules, int count, DateTimeOffset day)
    {
        var directory = services.GetRequiredService<CustomerDirectory>();
        var profiles = services.GetRequiredService<CustomerProfiles>();
        var ledger = services.GetRequiredService<LedgerStore>();
        var local = TimeZoneInfo.ConvertTime(day, rules.Zone);
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            var telegramUserId = Random.Shared.NextInt64(1, long.MaxValue / 2);
            var customer = (await directory.RegisterAsync(new NewCustomer(telegramUserId, null, "Due", "ru", telegramUserId), rules, cancellationToken)).Value;
            await profiles.SetBirthdayAsync(customer.CustomerId, Birthday.Parse($"{local.Day:D2}.{local.Month:D2}", DateOnly.FromDateTime(local.DateTime)).Value, cancellationToken);
            // Earned a lifetime ago, minus an hour: the points expire an hour before the run.
            var purchase = Purchase.Create("m1", $"p{i}-{telegramUserId}", 1_000m, "RUB", day.AddDays(-rules.ExpiryDays).AddHours(-1), null, 0, rules).Value;
            await ledger.EarnAsync(customer.CustomerId, purchase, rules, [], cancellationToken);
            // And points that expire a week on: the day the expiry reminders warn of.
            var later = Purchase.Create("m1", $"q{i}-{telegramUserId}", 1_000m, "RUB", day.AddDays(rules.ExpiryWarningDays - rules.ExpiryDays), null, 0, rules).Value;
            await ledger.EarnAsync(customer.CustomerId, later, rules, [], cancellationToken);
        });
    }

    /// <summary>The job's own summary of the run (its <c>result</c>).</summary>
    private static string Summary(string answer) =>
        System.Text.Json.JsonDocument.Parse(answer).RootElement.GetProperty("result").GetRawText().Replace("|", "/", StringComparison.Ordinal);
}

/// <summary><c>--customers 10000,100000</c> (totals, grown in turn) and <c>--due 100,400</c> (customers due, per total).</summary>
internal sealed record JobsBenchOptions(IReadOnlyList<int> Customers, IReadOnlyList<int> Due)
{
    public static JobsBenchOptions Parse(string[] args)
    {
        var customers = new[] { 10_000, 100_000 };
        var due = new[] { 100, 400 };
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var values = args[i + 1].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            switch (args[i])
            {
                case "--customers": customers = values; break;
                case "--due": due = values; break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --customers and --due.");
            }
        }

        return new JobsBenchOptions(customers, due);
    }
}

/// <summary>
/// Customers who are not due: an account row each, and their rows in the expiry, birthday and tier review indexes on days
/// no run of the benchmark reaches (it spans less than a year from <paramref name="start"/>): points expiring 400 to 640
/// days on, birthdays in the month before the start, reviews 16 to 21 months on. The index rows of one partition go in
/// batches of 100; the account rows, one partition each, one insert each.
/// </summary>
internal sealed class Filler(string connectionString, DateOnly start)
{
    // Clients of its own, with the SDK's patient defaults: the app's own give up after 5 s, and a shared machine is slower.
    private readonly TableServiceClient tables = new(connectionString);
    private int count;

    public async Task GrowToAsync(int total, DateTimeOffset now)
    {
        var added = Enumerable.Range(count, Math.Max(0, total - count)).Select(i => $"cfill{i:D7}").ToList();
        count = Math.Max(count, total);
        var customers = tables.GetTableClient(TableNames.Customers);
        var written = 0;
        await Parallel.ForEachAsync(added, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, cancellationToken) =>
        {
            // An insert, not an upsert: Azurite looks an upsert's row up first, by a scan of every row with that row key.
            await customers.AddEntityAsync(new TableEntity(id, "account") { ["Tier"] = "Bronze", ["Balance"] = 100L, ["CreatedAt"] = now }, cancellationToken);
            if (Interlocked.Increment(ref written) % 10_000 == 0)
            {
                Console.WriteLine($"[jobs {DateTime.UtcNow:HH:mm:ss}] {written} of {added.Count} account rows written");
            }
        });
        await WriteInBatchesAsync(tables.GetTableClient(TableNames.ExpiryIndex),
            added.Select((id, i) => new TableEntity(ExpiryIndex.Partition(start.AddDays(400 + (i % 240)), id), id)));
        await WriteInBatchesAsync(tables.GetTableClient(TableNames.BirthdayIndex),
            added.Select((id, i) => (id, Day: start.AddDays(-1 - (i % 28)))).Select(r => new TableEntity(BirthdayIndex.MonthDay(r.Day.Month, r.Day.Day), r.id)));
        await WriteInBatchesAsync(tables.GetTableClient(TableNames.TierReviewIndex),
            added.Select((id, i) => new TableEntity(TierReviewIndex.Partition(new DateOnly(start.Year, start.Month, 1).AddMonths(16 + (i % 6)), id), id)));
    }

    private static async Task WriteInBatchesAsync(TableClient table, IEnumerable<TableEntity> rows)
    {
        var batches = rows.GroupBy(r => r.PartitionKey).SelectMany(p => p.Chunk(100)).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (batch, cancellationToken) =>
            await table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), cancellationToken));
    }
}

/// <summary>The real app in-process on <paramref name="clock"/>; its triggers off, so that only the admin route runs a job.</summary>
internal sealed class JobsApp(string connectionString, TimeProvider clock) : WebApplicationFactory<Program>
{
    public string AdminApiKey { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseSetting(StorageAccount.ConnectionSetting, connectionString);
        builder.UseSetting(AdminKey.Setting, AdminApiKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var function in new[] { "AccruePurchase", "SendNotification", "ExpirePoints", "BirthdayGreetings", "ExpiryReminders", "TierReview", "KpiRollup", "SendBroadcast" })
        {
            builder.UseSetting($"AzureWebJobs.{function}.Disabled", "true");
        }

        builder.ConfigureServices(services => services.AddSingleton(clock));
    }
}
