using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Domain.Ledger;

/// <summary>How many points a purchase earns, and why.</summary>
public sealed record EarnQuote(long Points, long BasePoints, long ThresholdBonus, string Tier, IReadOnlyList<string> CampaignIds);

public static class EarnCalculator
{
    /// <summary>
    /// floor(Σ paid share of each line × tier rate × multiplier) + the highest threshold bonus reached.
    /// A line's multiplier is the best of its category multiplier and the non-stackable campaigns that apply,
    /// times every stackable campaign that applies. Rounding happens once, at the end.
    /// </summary>
    public static EarnQuote Quote(Purchase purchase, TierRule tier, ProgramRules rules, IReadOnlyList<Campaign> campaigns)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        ArgumentNullException.ThrowIfNull(tier);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(campaigns);

        var applied = new HashSet<string>(StringComparer.Ordinal);
        var itemsTotal = purchase.Items.Sum(i => i.Total);
        var weighted = 0m;
        foreach (var (category, lineTotal) in Lines(purchase, itemsTotal))
        {
            weighted += lineTotal * Multiplier(category, purchase, rules, campaigns, applied);
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

    private static decimal Multiplier(string? category, Purchase purchase, ProgramRules rules, IReadOnlyList<Campaign> campaigns, HashSet<string> applied)
    {
        var best = category is not null && rules.CategoryMultipliers.TryGetValue(category, out var categoryMultiplier) ? categoryMultiplier : 1m;
        Campaign? bestCampaign = null;
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
                bestCampaign = campaign;
            }
        }

        if (bestCampaign is not null)
        {
            applied.Add(bestCampaign.Id);
        }

        return best * stacked;
    }
}
