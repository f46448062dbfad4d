using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Functions.Kpis;

/// <summary>
/// A tier's figures over a period, by the tier each customer had when the operation was made; <see cref="Members"/> is
/// the tier's members at the period's end, <see cref="EngagementRate"/> those who engaged at that tier over them.
/// </summary>
public sealed record TierKpis(
    long ActiveCustomers, long Purchases, decimal Revenue, decimal AverageOrderValue, long PointsIssued, long PointsRedeemed, long Members, decimal EngagementRate);

/// <summary>One day of a period; <see cref="Members"/> is the total at that day's end.</summary>
public sealed record DayKpis(
    DateOnly Day, long Members, long NewMembers, long ActiveCustomers, long Purchases, decimal Revenue, decimal AverageOrderValue,
    long PointsIssued, long PointsRedeemed, long PointsExpired);

/// <summary>A merchant's figures over a period.</summary>
public sealed record MerchantKpis(string MerchantId, string? Name, long Purchases, decimal Revenue, long PointsIssued, long PointsRedeemed);

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
    IReadOnlyDictionary<string, TierKpis> Tiers,
    IReadOnlyList<DayKpis> Days,
    IReadOnlyList<MerchantKpis> Merchants,
    IReadOnlyDictionary<string, long> TierDistribution,
    decimal ProgramCost,
    decimal IncrementalRevenue,
    decimal Roi,
    decimal EngagementRate,
    decimal PhoneBindingRate,
    decimal BirthdayBonusUseRate,
    long Reviews,
    decimal AverageRating)
{
    /// <summary>The value of one point in money: a point pays one unit of the program's currency.</summary>
    public const decimal PointValue = 1m;

    /// <summary>Monthly amounts are spread over days as a year of twelve months over 365 days.</summary>
    public const decimal DaysPerMonth = 365m / 12m;

    public static KpiReport Of(KpiRows rows, DateOnly from, DateOnly to, string? merchantId, ProgramRules rules)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(rules);
        var everything = Sum(rows.Days.Values);
        var period = Sum(rows.Days.Where(d => d.Key >= from && d.Key <= to).Select(d => d.Value));
        var sold = Sold(period, merchantId);
        var soldEver = Sold(everything, merchantId);
        var previousFrom = from.AddDays(-(to.DayNumber - from.DayNumber + 1));
        var inPeriod = rows.CustomerDays.Where(d => d.Day >= from && d.Day <= to).ToList();
        var buyers = Buyers(inPeriod, merchantId);
        var earlierBuyers = Buyers(rows.CustomerDays.Where(d => d.Day >= previousFrom && d.Day < from), merchantId);
        var members = MembersOf(everything.All);
        var tierMembers = everything.TierMembers.Where(t => t.Value != 0).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        var engaged = inPeriod.Where(d => d.Activity.Engaged).ToList();
        var birthdays = inPeriod.GroupBy(d => d.CustomerId).Where(g => g.Any(d => d.Activity.BirthdayBonus)).ToList();
        var periodDays = to.DayNumber - from.DayNumber + 1;
        var programCost = Math.Round(period.All.PointsRedeemed * PointValue + rules.FixedCostPerMonth * periodDays / DaysPerMonth, 2, MidpointRounding.AwayFromZero);
        var incremental = Math.Round(period.All.Revenue - rules.BaselineRevenuePerMonth * periodDays / DaysPerMonth, 2, MidpointRounding.AwayFromZero);
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
            Tiers: period.Tiers.Keys.Union(tierMembers.Keys).ToDictionary(tier => tier, tier =>
            {
                var sums = period.Tiers.GetValueOrDefault(tier, KpiSums.None);
                var tierCount = tierMembers.GetValueOrDefault(tier);
                return new TierKpis(
                    inPeriod.Where(d => d.Activity.PurchaseTiers.Contains(tier)).Select(d => d.CustomerId).Distinct().LongCount(),
                    sums.Purchases, sums.Revenue, Ratio(sums.Revenue, sums.Purchases, 2), sums.PointsIssued, sums.PointsRedeemed,
                    tierCount, Ratio(engaged.Where(d => d.Activity.EngagedTiers.Contains(tier)).Select(d => d.CustomerId).Distinct().Count(), tierCount, 4));
            }),
            Days: DaysOf(rows, from, to, merchantId),
            Merchants: period.Merchants.Where(m => merchantId is null || m.Key == merchantId)
                .Select(m => new MerchantKpis(m.Key, null, m.Value.Purchases, m.Value.Revenue, m.Value.PointsIssued, m.Value.PointsRedeemed))
                .OrderByDescending(m => m.Revenue).ThenBy(m => m.MerchantId, StringComparer.Ordinal)
                .ToList(),
            TierDistribution: tierMembers,
            ProgramCost: programCost,
            IncrementalRevenue: incremental,
            Roi: Ratio(incremental - programCost, programCost, 4),
            EngagementRate: Ratio(engaged.Select(d => d.CustomerId).Distinct().Count(), members, 4),
            PhoneBindingRate: Ratio(everything.All.MembersWithPhone, members, 4),
            BirthdayBonusUseRate: Ratio(birthdays.Count(g => g.Any(d => d.Activity.Redeemed)), birthdays.Count, 4),
            Reviews: period.All.Reviews,
            AverageRating: Ratio(period.All.RatingSum, period.All.Reviews, 2));
    }

    private static List<DayKpis> DaysOf(KpiRows rows, DateOnly from, DateOnly to, string? merchantId)
    {
        var members = MembersOf(Sum(rows.Days.Where(d => d.Key < from).Select(d => d.Value)).All);
        var days = new List<DayKpis>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var figures = rows.Days.GetValueOrDefault(day, KpiDay.Empty);
            var sold = Sold(figures, merchantId);
            members += MembersOf(figures.All);
            days.Add(new DayKpis(
                day, members, figures.All.NewMembers, Buyers(rows.CustomerDays.Where(d => d.Day == day), merchantId).Count, sold.Purchases, sold.Revenue,
                Ratio(sold.Revenue, sold.Purchases, 2), sold.PointsIssued, sold.PointsRedeemed, figures.All.PointsExpired));
        }

        return days;
    }

    private static long MembersOf(KpiSums sums) => sums.NewMembers - sums.MembersMerged;

    private static KpiSums Sold(KpiDay day, string? merchantId) => merchantId is null ? day.All : day.Merchants.GetValueOrDefault(merchantId, KpiSums.None);

    private static KpiDay Sum(IEnumerable<KpiDay> days) => days.Aggregate(KpiDay.Empty, (total, day) => total.Plus(day));

    /// <summary>Each customer who bought (of the merchant, when given) on those days, with how many purchases.</summary>
    private static Dictionary<string, long> Buyers(IEnumerable<CustomerDay> days, string? merchantId) =>
        days.Select(d => (d.CustomerId, Count: d.Activity.PurchasesAt(merchantId)))
            .Where(d => d.Count > 0)
            .GroupBy(d => d.CustomerId)
            .ToDictionary(g => g.Key, g => g.Sum(d => d.Count));

    private static decimal Ratio(decimal part, decimal whole, int decimals) => whole == 0 ? 0 : Math.Round(part / whole, decimals, MidpointRounding.AwayFromZero);
}
