namespace LoyaltyBot.Functions.Kpis;

/// <summary>One shard's figures of one day: the program's, and split by merchant and by the customer's tier.</summary>
public sealed record KpiDay(KpiSums All, IReadOnlyDictionary<string, KpiSums> Merchants, IReadOnlyDictionary<string, KpiSums> Tiers)
{
    public static readonly KpiDay Empty = new(KpiSums.None, new Dictionary<string, KpiSums>(), new Dictionary<string, KpiSums>());

    public KpiDay Plus(KpiSums sums, string? merchantId, string? tier) => new(
        All.Plus(sums),
        merchantId is null ? Merchants : Add(Merchants, merchantId, sums),
        tier is null ? Tiers : Add(Tiers, tier, sums));

    public KpiDay Plus(KpiDay other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var merchants = Merchants;
        var tiers = Tiers;
        foreach (var (merchantId, sums) in other.Merchants)
        {
            merchants = Add(merchants, merchantId, sums);
        }

        foreach (var (tier, sums) in other.Tiers)
        {
            tiers = Add(tiers, tier, sums);
        }

        return new KpiDay(All.Plus(other.All), merchants, tiers);
    }

    private static Dictionary<string, KpiSums> Add(IReadOnlyDictionary<string, KpiSums> split, string key, KpiSums sums)
    {
        var added = new Dictionary<string, KpiSums>(split, StringComparer.Ordinal);
        added[key] = added.TryGetValue(key, out var had) ? had.Plus(sums) : sums;
        return added;
    }
}

/// <summary>A customer's purchases of one day (by merchant), with their tier: what counts who was active and who came back.</summary>
public sealed record KpiCustomerDay(long Purchases, IReadOnlyDictionary<string, long> Merchants, string Tier)
{
    public static readonly KpiCustomerDay Empty = new(0, new Dictionary<string, long>(), "");

    public KpiCustomerDay PlusPurchase(string merchantId, string tier)
    {
        var merchants = new Dictionary<string, long>(Merchants, StringComparer.Ordinal);
        merchants[merchantId] = merchants.GetValueOrDefault(merchantId) + 1;
        return new KpiCustomerDay(Purchases + 1, merchants, tier);
    }

    public long PurchasesAt(string? merchantId) => merchantId is null ? Purchases : Merchants.GetValueOrDefault(merchantId);
}
