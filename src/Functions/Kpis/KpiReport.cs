namespace LoyaltyBot.Functions.Kpis;

/// <summary>A tier's figures over a period, by the tier each customer had when the operation was made.</summary>
public sealed record TierKpis(long ActiveCustomers, long Purchases, decimal Revenue, decimal AverageOrderValue, long PointsIssued, long PointsRedeemed);

/// <summary>
/// The program's figures over the days <see cref="From"/> to <see cref="To"/> (both inclusive, in the program's zone),
/// of one merchant when <see cref="MerchantId"/> is set. How each is computed is in docs/admin-api.md.
/// </summary>
public sealed record KpiReport(
    DateOnly From,
    DateOnly To,
    string? MerchantId,
    long Members,
    long NewMembers,
    long ActiveCustomers,
    long Purchases,
    decimal Revenue,
    decimal AverageOrderValue,
    decimal PurchaseFrequency,
    decimal RepeatPurchaseRate,
    decimal RetentionRate,
    decimal CustomerLifetimeValue,
    long Refunds,
    decimal Refunded,
    long PointsIssued,
    long PointsRedeemed,
    long PointsExpired,
    long PointsOutstanding,
    decimal Liability,
    decimal BreakageRate,
    decimal RedemptionRate,
    long ReferralConversions,
    long BirthdayBonuses,
    IReadOnlyDictionary<string, TierKpis> Tiers)
{
    /// <summary>The value of one point in money: a point pays one unit of the program's currency.</summary>
    public const decimal PointValue = 1m;

    public static KpiReport Of(KpiRows rows, DateOnly from, DateOnly to, string? merchantId)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var everything = Sum(rows.Days.Values);
        var period = Sum(rows.Days.Where(d => d.Key >= from && d.Key <= to).Select(d => d.Value));
        var sold = merchantId is null ? period.All : period.Merchants.GetValueOrDefault(merchantId, KpiSums.None);
        var soldEver = merchantId is null ? everything.All : everything.Merchants.GetValueOrDefault(merchantId, KpiSums.None);
        var previousFrom = from.AddDays(-(to.DayNumber - from.DayNumber + 1));
        var buyers = Buyers(rows.CustomerDays.Where(d => d.Day >= from && d.Day <= to), merchantId);
        var earlierBuyers = Buyers(rows.CustomerDays.Where(d => d.Day >= previousFrom && d.Day < from), merchantId);
        var members = everything.All.NewMembers - everything.All.MembersMerged;
        return new KpiReport(
            from, to, merchantId,
            Members: members,
            NewMembers: period.All.NewMembers,
            ActiveCustomers: buyers.Count,
            Purchases: sold.Purchases,
            Revenue: sold.Revenue,
            AverageOrderValue: Ratio(sold.Revenue, sold.Purchases, 2),
            PurchaseFrequency: Ratio(sold.Purchases, buyers.Count, 2),
            RepeatPurchaseRate: Ratio(buyers.Count(b => b.Value >= 2), buyers.Count, 4),
            RetentionRate: Ratio(earlierBuyers.Keys.Count(buyers.ContainsKey), earlierBuyers.Count, 4),
            CustomerLifetimeValue: Ratio(soldEver.Revenue, members, 2),
            Refunds: sold.Refunds,
            Refunded: sold.Refunded,
            PointsIssued: sold.PointsIssued,
            PointsRedeemed: sold.PointsRedeemed,
            PointsExpired: period.All.PointsExpired,
            PointsOutstanding: everything.All.PointsNet,
            Liability: everything.All.PointsNet * PointValue,
            BreakageRate: Ratio(period.All.PointsExpired, period.All.PointsIssued, 4),
            RedemptionRate: Ratio(period.All.PointsRedeemed, period.All.PointsIssued, 4),
            ReferralConversions: period.All.ReferralConversions,
            BirthdayBonuses: period.All.BirthdayBonuses,
            Tiers: period.Tiers.ToDictionary(t => t.Key, t => new TierKpis(
                rows.CustomerDays.Where(d => d.Day >= from && d.Day <= to && d.Purchases.Tier == t.Key).Select(d => d.CustomerId).Distinct().LongCount(),
                t.Value.Purchases, t.Value.Revenue, Ratio(t.Value.Revenue, t.Value.Purchases, 2), t.Value.PointsIssued, t.Value.PointsRedeemed)));
    }

    private static KpiDay Sum(IEnumerable<KpiDay> days) => days.Aggregate(KpiDay.Empty, (total, day) => total.Plus(day));

    /// <summary>Each customer who bought (of the merchant, when given) on those days, with how many purchases.</summary>
    private static Dictionary<string, long> Buyers(IEnumerable<CustomerDay> days, string? merchantId) =>
        days.Select(d => (d.CustomerId, Count: d.Purchases.PurchasesAt(merchantId)))
            .Where(d => d.Count > 0)
            .GroupBy(d => d.CustomerId)
            .ToDictionary(g => g.Key, g => g.Sum(d => d.Count));

    private static decimal Ratio(decimal part, decimal whole, int decimals) => whole == 0 ? 0 : Math.Round(part / whole, decimals, MidpointRounding.AwayFromZero);
}
