using LoyaltyBot.Domain.Boosts;
using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Domain.Ledger;

/// <summary>How many points a purchase earns, and why.</summary>
public sealed record EarnQuote(long Points, long BasePoints, long ThresholdBonus, string Tier, IReadOnlyList<string> CampaignIds);

public static class EarnCalculator
{
    /// <summary>
    /// floor(Σ paid share of each line × tier rate × multiplier) + the highest threshold bonus reached.
    /// A line's multiplier is the best of its category multiplier, the boosted category the customer picked for the
    /// purchase's month (<paramref name="picks"/>) and the non-stackable campaigns that apply, times every stackable
    /// campaign that applies. Rounding happens once, at the end.
    /// </summary>
    public static EarnQuote Quote(Purchase purchase, TierRule tier, ProgramRules rules, IReadOnlyList<Campaign> campaigns, BoostPicks? picks = null)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        ArgumentNullException.ThrowIfNull(tier);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(campaigns);

        var applied = new HashSet<string>(StringComparer.Ordinal);
        // The month is the program's (its time zone's), as the customer picked for it.
        var month = BoostMonth.Of(purchase.OccurredAt, rules.Zone);
        var boosts = rules.BoostedCategories.EarnedIn(month, picks ?? BoostPicks.None);
        var itemsTotal = purchase.Items.Sum(i => i.Total);
        var weighted = 0m;
        foreach (var (category, lineTotal) in Lines(purchase, itemsTotal))
        {
            var boost = boosts.FirstOrDefault(b => b.Is(category));
            weighted += lineTotal * Multiplier(category, boost is null ? null : (BoostId(month, boost), boost.Multiplier), purchase, rules, campaigns, applied);
        }

        // One division, last: a paid share such as 100/3 is inexact in decimal, and summed shares could floor a point away.
        var raw = purchase.Paid * tier.RatePercent * weighted / (100m * (itemsTotal > 0 ? itemsTotal : 1m));
        var basePoints = (long)decimal.Floor(raw);
        // The highest threshold the check reaches pays, even if a lower one was set to pay more.
        var threshold = rules.ThresholdBonuses.Where(b => b.MinAmount <= purchase.Amount.Amount).MaxBy(b => b.MinAmount)?.Points ?? 0;
        return new EarnQuote(basePoints + threshold, basePoints, threshold, tier.Name, applied.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The lines the paid money is split over in proportion to their totals (one uncategorized line without items).</summary>
    private static IEnumerable<(string? Category, decimal Total)> Lines(Purchase purchase, decimal itemsTotal) =>
        itemsTotal > 0 ? purchase.Items.Select(i => (i.Category, i.Total)) : [(null, 1m)];

    /// <summary>How a boosted category shows among a quote's campaigns (and so in the ledger entry's note): <c>boost-2026-12-coffee</c>.</summary>
    public static string BoostId(BoostMonth month, BoostedCategory boost)
    {
        ArgumentNullException.ThrowIfNull(boost);
        return $"boost-{month}-{boost.Category}";
    }

    private static decimal Multiplier(
        string? category, (string Id, decimal Multiplier)? boost, Purchase purchase, ProgramRules rules, IReadOnlyList<Campaign> campaigns, HashSet<string> applied)
    {
        var best = category is not null && rules.CategoryMultipliers.TryGetValue(category, out var categoryMultiplier) ? categoryMultiplier : 1m;
        string? bestId = null;
        if (boost is { } picked && picked.Multiplier > best)
        {
            (bestId, best) = picked;
        }

        var stacked = 1m;
        foreach (var campaign in campaigns.Where(c => c.AppliesTo(purchase.MerchantId, category, purchase.OccurredAt)))
        {
            if (campaign.Stackable)
            {
                stacked *= campaign.Multiplier;
                applied.Add(campaign.Id);
            }
            else if (campaign.Multiplier > best)
            {
                best = campaign.Multiplier;
                bestId = campaign.Id;
            }
        }

        if (bestId is not null)
        {
            applied.Add(bestId);
        }

        return best * stacked;
    }
}
