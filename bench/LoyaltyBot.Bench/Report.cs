using System.Globalization;
using System.Text;

namespace LoyaltyBot.Bench;

internal sealed record ReportInput(
    BenchOptions Options,
    string Configuration,
    IReadOnlyList<TimeSpan> ReadyTimes,
    RawResult RawWebhook,
    RawResult RawAccrual,
    CpuUse RawWebhookCpu,
    CpuUse RawAccrualCpu,
    CpuUse AppWebhookCpu,
    CpuUse AppAccrualCpu,
    LoadResult Webhook,
    StorageCounts WebhookCounts,
    EndToEnd Accrual,
    StorageCounts Openings,
    double PacedRate,
    RawResult RawPaced,
    LoadResult AppPaced,
    long? PeakWorkingSet,
    long LedgerEntries,
    long ExpectedLedgerEntries,
    int Poisoned,
    int LeftInQueue,
    string MerchantHow);

/// <summary>The figures as tables: each against its raw baseline and its target, with pass or fail.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The app's requests on behalf of the webhook: its request log, the merchant lookup, the send to the purchases queue.</summary>
    public static bool IsWebhook(string kindAndResource) =>
        kindAndResource.EndsWith(" MerchantRequests", StringComparison.Ordinal) || kindAndResource.EndsWith(" Merchants", StringComparison.Ordinal)
        || kindAndResource == "queue POST purchases";

    public static string Write(ReportInput r)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"LoyaltyBot benchmark: {r.Options.Purchases} purchases in chunks of {r.Options.Chunk} (after {r.Options.Warmup} to warm up) from {r.Options.Clients} clients "
            + $"by {r.Options.Phones} returning customers; app {r.Configuration} build, standalone; Azurite: tables in memory, queues on disk; "
            + $"{Environment.ProcessorCount} cores shared by app, Azurite and benchmark.");
        text.AppendLine();

        var ready = r.ReadyTimes.Select(t => t.TotalMilliseconds).Order().ToArray();
        var readyMedian = ready[ready.Length / 2];
        var accepted = r.Webhook.Count - r.Webhook.Failures;
        var webhookRate = accepted / r.Webhook.Elapsed.TotalSeconds;
        var webhookRatio = webhookRate / r.RawWebhook.Load.PerSecond;
        var webhookP99 = r.AppPaced.Percentile(99);
        var accrued = r.Accrual.Accrued;
        var accrualRate = r.Accrual.Elapsed is { } after ? accrued / after.TotalSeconds : double.NaN;
        var accrualRatio = accrualRate / r.RawAccrual.Load.PerSecond;
        var endToEnd = r.Accrual.Elapsed is { } drained ? accrued / (r.Webhook.Elapsed + drained).TotalSeconds : double.NaN;
        var rawEndToEnd = r.RawAccrual.Load.Count / (r.RawWebhook.Load.Elapsed + r.RawAccrual.Load.Elapsed).TotalSeconds;
        var perAccrual = (double)r.Accrual.Counts.Total / accrued;
        var openingRequests = r.Openings.ByResource.Where(c => !IsWebhook(c.Key)).Sum(c => c.Value);
        var peakMb = r.PeakWorkingSet is { } bytes ? bytes / 1024.0 / 1024.0 : double.NaN;

        var summary = new TextTable("what", "app", "raw baseline", "ratio", "target", "result")
            .Add($"start to ready (GET / 200), median of {ready.Length}", $"{readyMedian:F0} ms ({ready[0]:F0}–{ready[^1]:F0})", "", "", "< 1000 ms", Pass(readyMedian < 1000))
            .Add("webhook: purchases accepted/s", F0(webhookRate), $"(a) {F0(r.RawWebhook.Load.PerSecond)} ops/s", F2(webhookRatio), "≥ 0.80",
                Pass(webhookRatio >= 0.8 && r.Webhook.Failures == 0))
            .Add("  latency p50 / p99 at that full load", $"{r.Webhook.Percentile(50):F1} / {r.Webhook.Percentile(99):F1} ms",
                $"{r.RawWebhook.Load.Percentile(50):F1} / {r.RawWebhook.Load.Percentile(99):F1} ms", "", "", "")
            .Add($"  latency p50 / p99 at a steady {r.PacedRate:F0}/s (half of (a))", $"{r.AppPaced.Percentile(50):F1} / {webhookP99:F1} ms",
                $"{r.RawPaced.Load.Percentile(50):F1} / {r.RawPaced.Load.Percentile(99):F1} ms", "", "p99 < 50 ms", Pass(webhookP99 < 50 && r.AppPaced.Failures == 0))
            .Add("accrual: purchases accrued/s", F0(accrualRate), $"(b) {F0(r.RawAccrual.Load.PerSecond)} accruals/s", F2(accrualRatio), "≥ 0.80", Pass(accrualRatio >= 0.8))
            .Add("end to end: posted, then accrued, purchases/s", F0(endToEnd), $"(a) then (b) {F0(rawEndToEnd)}/s", F2(endToEnd / rawEndToEnd), "", "")
            .Add("storage requests per accrued purchase", F2(perAccrual), $"(b) {F2(r.RawAccrual.RequestsPerOperation)}", "", "≤ 4.25", Pass(perAccrual <= 4.25))
            .Add("storage requests per webhook call", F2((double)r.WebhookCounts.Total / r.Webhook.Count), $"(a) {F2(r.RawWebhook.RequestsPerOperation)}", "", "", "")
            .Add("  a phone's first purchase (opens its account)", F2((double)openingRequests / r.Options.Phones), "", "", "", "")
            .Add("app peak working set (VmHWM)", $"{peakMb:F0} MB", "", "", "< 250 MB", Pass(peakMb < 250));
        text.Append(summary);
        text.AppendLine();

        text.AppendLine(Invariant, $"Checks: {accepted} of {r.Webhook.Count} answered 202{(r.Webhook.FirstFailure is null ? "" : $" (first refusal: {r.Webhook.FirstFailure})")}; "
            + $"ledger entries {r.LedgerEntries} of {r.ExpectedLedgerEntries} (warm-up included); purchases queue left {r.LeftInQueue}, poisoned {r.Poisoned}; merchant made with {r.MerchantHow}.");
        text.AppendLine();

        text.AppendLine("App storage requests while the accrual ran (from the switch on until the chunk's last purchase was accrued; added up over the chunks):");
        var kinds = new TextTable("request", "total", "per purchase");
        foreach (var (key, total) in r.Accrual.Counts.ByResource.OrderByDescending(c => c.Value))
        {
            kinds.Add(key, N0(total), F2((double)total / accrued));
        }

        kinds.Add("all", N0(r.Accrual.Counts.Total), F2(perAccrual));
        text.Append(kinds);
        var receives = r.Accrual.Counts.Of("queue GET purchases");
        text.AppendLine(Invariant, $"Receives from purchases: {receives}, at least {(accrued + 15) / 16} needed in batches of 16; the rest came back part-full or empty (the last of each chunk).");
        text.AppendLine(Invariant, $"Webhook: {Resources(r.WebhookCounts, r.Webhook.Count)}.");
        text.AppendLine(Invariant, $"First purchases ({r.Options.Phones} accounts opened, posted while the accrual ran): {Resources(r.Openings, r.Options.Phones)}.");
        text.AppendLine(Invariant, $"Raw baselines: (a) {Kinds(r.RawWebhook)}; (b) {Kinds(r.RawAccrual)}.");
        text.AppendLine();

        text.AppendLine("Where the CPU went (seconds of CPU; 2 cores give 2 s per wall second; per purchase in milliseconds):");
        text.Append(new TextTable("phase", "wall", "app", "Azurite", "of which tables", "benchmark", "busy", "Azurite per purchase", "app per purchase")
            .Add(Cpu("raw (a)", r.RawWebhookCpu, r.RawWebhook.Load.Count))
            .Add(Cpu("app: webhook", r.AppWebhookCpu, r.Webhook.Count))
            .Add(Cpu("raw (b)", r.RawAccrualCpu, r.RawAccrual.Load.Count))
            .Add(Cpu("app: accrual", r.AppAccrualCpu, accrued)));
        return text.ToString();
    }

    private static string Resources(StorageCounts counts, int per) =>
        string.Join(", ", counts.ByResource.OrderByDescending(k => k.Value).Select(k => string.Create(Invariant, $"{k.Key} {(double)k.Value / per:F2}")));

    private static string Kinds(RawResult raw) =>
        string.Join(", ", raw.ByKind.OrderByDescending(k => k.Value).Select(k => string.Create(Invariant, $"{k.Key} {(double)k.Value / raw.Load.Count:F2}")));

    private static string[] Cpu(string phase, CpuUse use, int purchases) =>
    [
        phase, S(use.Wall), use.App == TimeSpan.Zero ? "-" : S(use.App), S(use.Azurite), S(use.AzuriteTables), S(use.Bench), Busy(use),
        Ms(use.Azurite, purchases), use.App == TimeSpan.Zero ? "-" : Ms(use.App, purchases),
    ];

    private static string Ms(TimeSpan cpu, int purchases) => (cpu.TotalMilliseconds / purchases).ToString("F2", Invariant);

    private static string Busy(CpuUse use) =>
        string.Create(Invariant, $"{(use.App + use.Azurite + use.Bench).TotalSeconds / use.Wall.TotalSeconds / Environment.ProcessorCount:P0}");

    private static string Pass(bool passed) => passed ? "PASS" : "FAIL";

    private static string F0(double value) => double.IsNaN(value) ? "-" : value.ToString("F0", Invariant);

    private static string F2(double value) => double.IsNaN(value) ? "-" : value.ToString("F2", Invariant);

    private static string N0(long value) => value.ToString("N0", Invariant);

    private static string S(TimeSpan span) => span.TotalSeconds.ToString("F1", Invariant) + " s";
}
