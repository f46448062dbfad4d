using System.Globalization;
using System.Text;
using LoyaltyBot.Bench;

namespace LoyaltyBot.HeavyBench;

/// <summary>
/// One way of accruing a customer's measured purchases: how many the app accrued, the time from switching its
/// AccruePurchase on until the last was settled (null if it never was), its storage requests meanwhile.
/// </summary>
internal sealed record Accrual(int Posted, int Refused, TimeSpan? Elapsed, StorageCounts Counts)
{
    public long Accrued => Counts.PurchasesAccrued;

    public double PerSecond => Elapsed is { } elapsed ? Accrued / elapsed.TotalSeconds : double.NaN;

    public double Per(long total) => Accrued > 0 && Elapsed is not null ? (double)total / Accrued : double.NaN;

    public double RequestsPer => Per(Counts.Total);

    public double KbReadPer => Per(Counts.BytesReceived) / 1024;

    public double KbWrittenPer => Per(Counts.BytesSent) / 1024;

    /// <summary>Each accrual commits one entity-group transaction; more than one per accrual are the retries after an ETag conflict.</summary>
    public double BatchesPer => Per(Counts.Of("table POST $batch"));
}

/// <summary>A customer with <see cref="Size"/> purchases set up (<see cref="OnRecord"/> accrued) and what was measured on it.</summary>
internal sealed record SizeResult(
    int Size,
    long OnRecord,
    TimeSpan SetUpTime,
    string SetUpHow,
    string? Problem,
    LoadResult Lookups,
    LoadResult RawLookups,
    long LookupBytes,
    int Lots,
    Accrual? Sequential,
    double RawSequential,
    Accrual? AtOnce,
    double RawAtOnce,
    long EntriesAfter);

internal sealed record HeavyInput(HeavyOptions Options, string Build, string Machine, IReadOnlyList<SizeResult> Sizes);

/// <summary>The figures by account size, each size over the smallest, with the target and pass or fail for the largest.</summary>
internal static class HeavyReport
{
    /// <summary>A rate may be this much lower, a cost or time this much higher, on the largest account than on the smallest.</summary>
    public const double Target = 1.2;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Write(HeavyInput r)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"`{r.Options.CommandLine}`");
        text.AppendLine();
        text.AppendLine(Invariant, $"LoyaltyBot heavy-customer benchmark: {r.Build}; {r.Machine}. One customer per size, its purchases on record spread over the last "
            + $"{r.Options.Days} days; then {r.Options.Measured} purchases of today accrued each way, and {r.Options.Lookups} admin lookups.");
        text.AppendLine();

        var sizes = r.Sizes;
        var first = sizes[0];
        var largest = sizes[^1];
        string[] headers =
        [
            "what", .. sizes.Select(s => N0(s.Size)), .. sizes.Skip(1).Select(s => $"{N0(s.Size)} ÷ {N0(first.Size)}"),
            "target", "result",
        ];
        var table = new TextTable(headers);
        table.Add(["purchases on record (first measured → after)", .. sizes.Select(s => $"{N0(s.OnRecord)} → {N0(s.EntriesAfter)}")]);
        table.Add(["set-up: history posted and accrued (not measured)", .. sizes.Select(s => $"{s.SetUpTime.TotalSeconds:F0} s")]);
        Row(table, sizes, "open lots in the account row", s => s.Lots, Cost.None, "F0");
        Row(table, sizes, "admin lookup (GET /api/admin/customers?phone=) median, ms", s => s.Lookups.Percentile(50), Cost.Lower, "F1");
        Row(table, sizes, "admin lookup p95, ms", s => s.Lookups.Percentile(95), Cost.Lower, "F1");
        Row(table, sizes, "admin lookup median ÷ raw reads median", s => s.Lookups.Percentile(50) / s.RawLookups.Percentile(50), Cost.Lower, "F2");
        Row(table, sizes, "  raw reads (lookup row, account row, first 20 entries) median, ms", s => s.RawLookups.Percentile(50), Cost.None, "F1");
        Row(table, sizes, "  admin lookup answer, KB", s => s.LookupBytes / 1024.0, Cost.None, "F1");
        ModeRows(table, sizes, "sequential", s => s.Sequential, s => s.RawSequential, "raw, 1 worker");
        ModeRows(table, sizes, "32 at once", s => s.AtOnce, s => s.RawAtOnce, $"raw, {r.Options.Clients} workers");
        text.Append(table);
        text.AppendLine();

        var times = Target.ToString("0.0", Invariant);
        text.Append(Invariant, $"Target: on the {N0(largest.Size)} account, within {times}× of the {N0(first.Size)} account ")
            .Append(Invariant, $"(rates at least 1/{times} = {1 / Target:F2} of it, costs and times at most {times}×). ");
        text.AppendLine("\"÷ raw\" is the app's rate over a raw SDK baseline on the same Azurite, the mean of a run right before and one right after it (a point "
            + "read and a 3-entity transaction on a small account, one partition per worker), so that its ratio cancels what the shared machine was doing meanwhile.");
        text.AppendLine("Sequential: the purchases posted with AccruePurchase off, then accrued by an app instance whose queue trigger takes one message at a time "
            + "(batchSize 1, newBatchThreshold 0): receive, read, commit, notification, delete, back to back. 32 at once: posted the same way, then accrued by an "
            + "instance with host.json's batch (16 received at once, 16 more while they run), all for the same customer: more than 1 table batch per accrual are "
            + "retries after ETag conflicts. Bytes are request and response bodies of every storage request in the window (queues included), headers not counted.");
        text.AppendLine(Invariant, $"Set-up: {string.Join("; ", sizes.Select(s => $"the {N0(s.Size)} account accrued by {s.SetUpHow}"))}.");
        foreach (var size in sizes.Where(s => s.Problem is not null))
        {
            text.AppendLine(Invariant, $"The {N0(size.Size)} account: {size.Problem}");
        }

        foreach (var size in sizes.Where(s => s.Lookups.Failures + s.RawLookups.Failures > 0))
        {
            text.AppendLine(Invariant, $"The {N0(size.Size)} account: {size.Lookups.Failures} of {size.Lookups.Count} lookups failed ({size.Lookups.FirstFailure}), "
                + $"{size.RawLookups.Failures} raw reads ({size.RawLookups.FirstFailure}).");
        }

        foreach (var (size, mode, accrual) in sizes.SelectMany(s => new[] { (s, "sequential", s.Sequential), (s, "32 at once", s.AtOnce) }))
        {
            if (accrual is { } a && (a.Refused > 0 || a.Counts.PurchasesPoisoned > 0))
            {
                text.AppendLine(Invariant, $"The {N0(size.Size)} account, {mode}: {a.Refused} of {a.Posted} posts refused, {a.Counts.PurchasesPoisoned} purchases poisoned.");
            }
        }

        text.AppendLine();
        text.AppendLine("Storage requests per accrual by kind and table or queue:");
        var columns = sizes.SelectMany(s => new[] { (Size: s.Size, Mode: "sequential", Accrual: s.Sequential), (Size: s.Size, Mode: "32 at once", Accrual: s.AtOnce) })
            .Where(c => c.Accrual is not null).ToList();
        var kinds = new TextTable(["request", .. columns.Select(c => $"{N0(c.Size)}: {c.Mode}")]);
        foreach (var key in columns.SelectMany(c => c.Accrual!.Counts.ByResource.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            kinds.Add([key, .. columns.Select(c => F2(c.Accrual!.Per(c.Accrual.Counts.Of(key))))]);
        }

        text.Append(kinds);
        return text.ToString();
    }

    private enum Cost
    {
        None,
        Lower,
        Higher,
    }

    private static void ModeRows(TextTable table, IReadOnlyList<SizeResult> sizes, string mode, Func<SizeResult, Accrual?> of, Func<SizeResult, double> raw, string rawName)
    {
        Row(table, sizes, $"{mode}: accruals/s", s => of(s)?.PerSecond ?? double.NaN, Cost.Higher, "F0");
        Row(table, sizes, $"{mode}: accruals/s ÷ {rawName}", s => (of(s)?.PerSecond ?? double.NaN) / raw(s), Cost.Higher, "F3");
        Row(table, sizes, $"{mode}: storage requests per accrual", s => of(s)?.RequestsPer ?? double.NaN, Cost.Lower, "F2");
        Row(table, sizes, $"{mode}: KB read per accrual", s => of(s)?.KbReadPer ?? double.NaN, Cost.Lower, "F1");
        Row(table, sizes, $"{mode}: KB written per accrual", s => of(s)?.KbWrittenPer ?? double.NaN, Cost.Lower, "F1");
        Row(table, sizes, $"{mode}: table batches per accrual (1.00: no ETag retry)", s => of(s)?.BatchesPer ?? double.NaN, Cost.Lower, "F2");
        Row(table, sizes, $"  {rawName}: ops/s", raw, Cost.None, "F0");
    }

    /// <summary>A figure by size, each over the smallest's, and for the largest the target and whether it is met.</summary>
    private static void Row(TextTable table, IReadOnlyList<SizeResult> sizes, string what, Func<SizeResult, double> figure, Cost cost, string format)
    {
        var values = sizes.Select(figure).ToArray();
        var ratios = values.Skip(1).Select(v => v / values[0]).ToArray();
        var last = ratios[^1];
        var (target, passed) = cost switch
        {
            Cost.Higher => ($"≥ {1 / Target:F2}", last >= 1 / Target),
            Cost.Lower => ($"≤ {Target.ToString("0.0", Invariant)}", last <= Target),
            _ => ("", false),
        };
        table.Add([what, .. values.Select(v => Format(v, format)), .. ratios.Select(F2), target, cost == Cost.None ? "" : passed ? "PASS" : "FAIL"]);
    }

    private static string Format(double value, string format) => double.IsFinite(value) ? value.ToString(format, Invariant) : "-";

    private static string F2(double value) => Format(value, "F2");

    private static string N0(long value) => value.ToString("N0", Invariant).Replace(",", " ", StringComparison.Ordinal);
}
