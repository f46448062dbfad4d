using System.Globalization;
using System.Text;

namespace LoyaltyBot.Bench;

internal sealed record ReportInput(
    BenchOptions Options,
    string Configuration,
    IReadOnlyList<TimeSpan> ReadyTimes,
    RawResult RawWebhook,
    RawResult RawWebhookThenAccrual,
    RawResult RawAccrual,
    CpuUse RawWebhookCpu,
    CpuUse AppWebhookCpu,
    CpuUse RawCpu,
    LoadResult WebhookAlone,
    StorageCounts WebhookAloneCounts,
    StorageCounts Openings,
    LoadResult Posted,
    TimeSpan? AccruedAfter,
    StorageCounts AfterPosting,
    StorageCounts AfterAccrual,
    CpuUse AppCpu,
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
        var n = r.Options.Purchases;
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"LoyaltyBot benchmark: {n} purchases in chunks of {r.Options.Chunk} from {r.Options.Clients} clients by {r.Options.Phones} returning customers; "
            + $"app {r.Configuration} build, standalone; Azurite in memory; {Environment.ProcessorCount} cores shared by app, Azurite and benchmark.");
        text.AppendLine();

        var ready = r.ReadyTimes.Select(t => t.TotalMilliseconds).Order().ToArray();
        var readyMedian = ready[ready.Length / 2];
        var webhookRate = (r.WebhookAlone.Count - r.WebhookAlone.Failures) / r.WebhookAlone.Elapsed.TotalSeconds;
        var webhookRatio = webhookRate / r.RawWebhook.Load.PerSecond;
        var accrualRate = r.AccruedAfter is { } after ? n / after.TotalSeconds : double.NaN;
        var accrualRatio = accrualRate / r.RawAccrual.Load.PerSecond;
        // The app's end to end also takes the purchases in through the webhook; the raw pipeline doing both, one after the other:
        var backToBack = n / (r.RawWebhookThenAccrual.Load.Elapsed + r.RawAccrual.Load.Elapsed).TotalSeconds;
        var webhookRequests = r.AfterAccrual.ByResource.Where(c => IsWebhook(c.Key)).Sum(c => c.Value);
        var accrualRequests = r.AfterAccrual.ByResource.Where(c => !IsWebhook(c.Key)).Sum(c => c.Value);
        var openingRequests = r.Openings.ByResource.Where(c => !IsWebhook(c.Key)).Sum(c => c.Value);
        var perAccrual = (double)accrualRequests / n;
        var peakMb = r.PeakWorkingSet is { } bytes ? bytes / 1024.0 / 1024.0 : double.NaN;

        var summary = new TextTable("what", "app", "raw baseline", "ratio", "target", "result")
            .Add($"start to ready (GET / 200), median of {ready.Length}", $"{readyMedian:F0} ms ({ready[0]:F0}–{ready[^1]:F0})", "", "", "< 1000 ms", Pass(readyMedian < 1000))
            .Add("webhook accepted/s (accrual switched off)", F0(webhookRate), $"(a) {F0(r.RawWebhook.Load.PerSecond)} ops/s", F2(webhookRatio), "≥ 0.80",
                Pass(webhookRatio >= 0.8 && r.WebhookAlone.Failures == 0))
            .Add("webhook latency p50 / p99", $"{r.WebhookAlone.Percentile(50):F1} / {r.WebhookAlone.Percentile(99):F1} ms",
                $"{r.RawWebhook.Load.Percentile(50):F1} / {r.RawWebhook.Load.Percentile(99):F1} ms", "", "", "")
            .Add("webhook accepted/s while accrual runs", F0((r.Posted.Count - r.Posted.Failures) / r.Posted.Elapsed.TotalSeconds),
                $"p50 / p99 {r.Posted.Percentile(50):F1} / {r.Posted.Percentile(99):F1} ms", "", "", "")
            .Add("accrued purchases/s, end to end", F0(accrualRate), $"(b) {F0(r.RawAccrual.Load.PerSecond)} accruals/s", F2(accrualRatio), "≥ 0.80", Pass(accrualRatio >= 0.8))
            .Add("  the same against (a) then (b), back to back", "", $"{F0(backToBack)} purchases/s", F2(accrualRate / backToBack), "", "")
            .Add("storage requests per accrued purchase", F2(perAccrual), $"(b) {F2(r.RawAccrual.RequestsPerOperation)}", "", "≤ 5", Pass(perAccrual <= 5))
            .Add("storage requests per webhook call", F2((double)webhookRequests / n), $"(a) {F2(r.RawWebhook.RequestsPerOperation)}", "", "", "")
            .Add("  a phone's first purchase (opens its account)", F2((double)openingRequests / r.Options.Phones), "", "", "", "")
            .Add("app peak working set (VmHWM)", $"{peakMb:F0} MB", "", "", "< 250 MB", Pass(peakMb < 250));
        text.Append(summary);
        text.AppendLine();

        var accepted = r.Posted.Count - r.Posted.Failures + r.WebhookAlone.Count - r.WebhookAlone.Failures;
        var failure = r.WebhookAlone.FirstFailure ?? r.Posted.FirstFailure;
        text.AppendLine(Invariant, $"Checks: {accepted} of {2 * n} answered 202{(failure is null ? "" : $" (first refusal: {failure})")}; "
            + $"ledger entries {r.LedgerEntries} of {r.ExpectedLedgerEntries} (warm-up included); purchases queue left {r.LeftInQueue}, poisoned {r.Poisoned}; merchant made with {r.MerchantHow}.");
        text.AppendLine();

        text.AppendLine("App storage requests of the end-to-end run, by kind and table or queue (per chunk: reset before posting, read when posting ended and when the chunk's last purchase was accrued; added up):");
        var kinds = new TextTable("request", "for", "while posting", "after posting", "total", "per purchase");
        foreach (var (key, total) in r.AfterAccrual.ByResource.OrderBy(c => IsWebhook(c.Key) ? 0 : 1).ThenByDescending(c => c.Value))
        {
            var during = r.AfterPosting.Of(key);
            kinds.Add(key, IsWebhook(key) ? "webhook" : "accrual", N0(during), N0(total - during), N0(total), F2((double)total / n));
        }

        kinds.Add("all", "", N0(r.AfterPosting.Total), N0(r.AfterAccrual.Total - r.AfterPosting.Total), N0(r.AfterAccrual.Total), F2((double)r.AfterAccrual.Total / n));
        text.Append(kinds);
        var receives = r.AfterAccrual.Of("queue GET purchases");
        text.AppendLine(Invariant, $"Receives from purchases: {receives}, at least {(n + 15) / 16} needed in batches of 16; the rest came back empty or part-full (polls of a queue that is still being filled).");
        text.AppendLine(Invariant, $"Webhook alone: {Resources(r.WebhookAloneCounts, n)}.");
        text.AppendLine(Invariant, $"First purchases (warm-up, {r.Options.Phones} accounts opened): {Resources(r.Openings, r.Options.Phones)}.");
        text.AppendLine(Invariant, $"Raw baselines: (a) {Kinds(r.RawWebhook)}; (b) {Kinds(r.RawAccrual)}.");
        text.AppendLine();

        text.AppendLine("Where the CPU went (seconds of CPU; 2 cores give 2 s per wall second):");
        text.Append(new TextTable("phase", "wall", "app", "Azurite", "benchmark", "busy")
            .Add("webhook run, raw (a) turns", S(r.RawWebhookCpu.Wall), "-", S(r.RawWebhookCpu.Azurite), S(r.RawWebhookCpu.Bench), Busy(r.RawWebhookCpu))
            .Add("webhook run, app turns", S(r.AppWebhookCpu.Wall), S(r.AppWebhookCpu.App), S(r.AppWebhookCpu.Azurite), S(r.AppWebhookCpu.Bench), Busy(r.AppWebhookCpu))
            .Add("end-to-end run, raw (a) then (b) turns", S(r.RawCpu.Wall), "-", S(r.RawCpu.Azurite), S(r.RawCpu.Bench), Busy(r.RawCpu))
            .Add("end-to-end run, app turns (post until accrued)", S(r.AppCpu.Wall), S(r.AppCpu.App), S(r.AppCpu.Azurite), S(r.AppCpu.Bench), Busy(r.AppCpu)));
        return text.ToString();
    }

    private static string Resources(StorageCounts counts, int per) =>
        string.Join(", ", counts.ByResource.OrderByDescending(k => k.Value).Select(k => string.Create(Invariant, $"{k.Key} {(double)k.Value / per:F2}")));

    private static string Kinds(RawResult raw) =>
        string.Join(", ", raw.ByKind.OrderByDescending(k => k.Value).Select(k => string.Create(Invariant, $"{k.Key} {(double)k.Value / raw.Load.Count:F2}")));

    private static string Busy(CpuUse use) =>
        string.Create(Invariant, $"{(use.App + use.Azurite + use.Bench).TotalSeconds / use.Wall.TotalSeconds / Environment.ProcessorCount:P0}");

    private static string Pass(bool passed) => passed ? "PASS" : "FAIL";

    private static string F0(double value) => double.IsNaN(value) ? "-" : value.ToString("F0", Invariant);

    private static string F2(double value) => double.IsNaN(value) ? "-" : value.ToString("F2", Invariant);

    private static string N0(long value) => value.ToString("N0", Invariant);

    private static string S(TimeSpan span) => span.TotalSeconds.ToString("F1", Invariant) + " s";
}
