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
        var raw = 0m;
        foreach (var (category, paidShare) in PaidShares(purchase))
        {
            raw += paidShare * tier.RatePercent / 100m * Multiplier(category, purchase, rules, campaigns, applied);
        }

        var basePoints = (long)decimal.Floor(raw);
        var threshold = rules.ThresholdBonuses
            .Where(b => b.MinAmount <= purchase.Amount.Amount)
            .Select(b => b.Points)
            .DefaultIfEmpty(0)
            .Max();
        return new EarnQuote(basePoints + threshold, basePoints, threshold, tier.Name, applied.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The paid money split over the lines in proportion to their totals (one uncategorized line without items).</summary>
    private static IEnumerable<(string? Category, decimal PaidShare)> PaidShares(Purchase purchase)
    {
        var itemsTotal = purchase.Items.Sum(i => i.Total);
        if (itemsTotal <= 0)
        {
            yield return (null, purchase.Paid);
            yield break;
        }

        foreach (var item in purchase.Items)
        {
            yield return (item.Category, purchase.Paid * item.Total / itemsTotal);
        }
    }

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
