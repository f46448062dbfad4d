using System.Globalization;
using LoyaltyBot.Functions.Ledger;

namespace LoyaltyBot.Functions.Kpis;

/// <summary>
/// Where the Kpis table keeps what: delta rows in partition <c>&lt;shard&gt;-&lt;yyyyMMdd&gt;</c> (a shard's day), summaries
/// in <c>s-&lt;shard&gt;</c> (rows <c>d-&lt;yyyyMMdd&gt;</c>, the figures, and <c>b-&lt;yyyyMMdd&gt;</c>, the customers' days),
/// and the shard-days written late in partition <c>late</c>. Shards are the ExpiryIndex's 16, by customer.
/// </summary>
public static class KpiKeys
{
    public const string Figures = "Figures";
    public const string LatePartition = "late";
    public const string DayPrefix = "d-";
    public const string CustomersPrefix = "b-";

    public static IEnumerable<int> Shards => Enumerable.Range(0, ExpiryIndex.Shards);

    public static int ShardOf(string customerId) => ExpiryIndex.Shard(customerId);

    public static string DeltaPartition(int shard, DateOnly day) => $"{ShardPrefix(shard)}{Day(day)}";

    /// <summary>Every delta partition of the shard sorts from this prefix on, days in order.</summary>
    public static string ShardPrefix(int shard) => shard.ToString("D2", CultureInfo.InvariantCulture) + "-";

    public static string SummaryPartition(int shard) => "s-" + shard.ToString("D2", CultureInfo.InvariantCulture);

    public static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static DateOnly ParseDay(string yyyyMMdd) => DateOnly.ParseExact(yyyyMMdd, "yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The shard and day of a delta partition's key.</summary>
    public static (int Shard, DateOnly Day) OfDeltaPartition(string partition) =>
        (int.Parse(partition[..2], CultureInfo.InvariantCulture), ParseDay(partition[3..]));

    public static DateOnly DayOf(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
}
