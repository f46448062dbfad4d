namespace LoyaltyBot.Functions.Kpis;

/// <summary>
/// One shard's figures of one day: the program's, split by merchant and by the customer's tier, and the members each tier
/// gained or lost that day (<see cref="TierMembers"/>; its running sum is how many members each tier has).
/// </summary>
public sealed record KpiDay(
    KpiSums All, IReadOnlyDictionary<string, KpiSums> Merchants, IReadOnlyDictionary<string, KpiSums> Tiers, IReadOnlyDictionary<string, long> TierMembers)
{
    public static readonly KpiDay Empty = new(KpiSums.None, new Dictionary<string, KpiSums>(), new Dictionary<string, KpiSums>(), new Dictionary<string, long>());

    public KpiDay Plus(KpiDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        return new(
            All.Plus(delta.Sums),
            delta.MerchantId is null ? Merchants : Add(Merchants, delta.MerchantId, delta.Sums, (a, b) => a.Plus(b)),
            delta.Tier is null ? Tiers : Add(Tiers, delta.Tier, delta.Sums, (a, b) => a.Plus(b)),
            AddAll(TierMembers, delta.TierMoves, (a, b) => a + b));
    }

    public KpiDay Plus(KpiDay other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new KpiDay(
            All.Plus(other.All),
            AddAll(Merchants, other.Merchants, (a, b) => a.Plus(b)),
            AddAll(Tiers, other.Tiers, (a, b) => a.Plus(b)),
            AddAll(TierMembers, other.TierMembers, (a, b) => a + b));
    }

    private static IReadOnlyDictionary<string, T> AddAll<T>(IReadOnlyDictionary<string, T> split, IReadOnlyDictionary<string, T>? more, Func<T, T, T> plus)
    {
        if (more is null || more.Count == 0)
        {
            return split;
        }

        var added = new Dictionary<string, T>(split, StringComparer.Ordinal);
        foreach (var (key, value) in more)
        {
            added[key] = added.TryGetValue(key, out var had) ? plus(had, value) : value;
        }

        return added;
    }

    private static IReadOnlyDictionary<string, T> Add<T>(IReadOnlyDictionary<string, T> split, string key, T value, Func<T, T, T> plus) =>
        AddAll(split, new Dictionary<string, T> { [key] = value }, plus);
}

/// <summary>
/// What a customer did on one day that counts who was active, came back or engaged: purchases (by merchant), the tiers they
/// bought and engaged at, and whether they got a birthday bonus or redeemed points.
/// </summary>
public sealed record KpiCustomerDay(
    long Purchases, IReadOnlyDictionary<string, long> Merchants, IReadOnlyList<string> PurchaseTiers, IReadOnlyList<string> EngagedTiers,
    bool BirthdayBonus, bool Redeemed)
{
    public static readonly KpiCustomerDay Empty = new(0, new Dictionary<string, long>(), [], [], false, false);

    public bool Engaged => EngagedTiers.Count > 0;

    public KpiCustomerDay Plus(KpiDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var day = this with
        {
            BirthdayBonus = BirthdayBonus || delta.Activity.HasFlag(KpiActivity.BirthdayBonus),
            Redeemed = Redeemed || delta.Activity.HasFlag(KpiActivity.Redeemed),
            EngagedTiers = delta.Activity.HasFlag(KpiActivity.Engaged) ? With(EngagedTiers, delta.CustomerTier) : EngagedTiers,
        };
        if (delta is not { Activity: var activity, MerchantId: { } merchantId } || !activity.HasFlag(KpiActivity.Purchase))
        {
            return day;
        }

        var merchants = new Dictionary<string, long>(Merchants, StringComparer.Ordinal);
        merchants[merchantId] = merchants.GetValueOrDefault(merchantId) + 1;
        return day with { Purchases = Purchases + 1, Merchants = merchants, PurchaseTiers = With(PurchaseTiers, delta.CustomerTier) };
    }

    public long PurchasesAt(string? merchantId) => merchantId is null ? Purchases : Merchants.GetValueOrDefault(merchantId);

    // Sorted, so that the same deltas folded in any order give the same row.
    private static string[] With(IReadOnlyList<string> tiers, string tier) => tiers.Contains(tier) ? [.. tiers] : [.. tiers.Append(tier).Order(StringComparer.Ordinal)];
}
