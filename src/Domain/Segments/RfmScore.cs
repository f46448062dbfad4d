using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Domain.Segments;

/// <summary>A customer's recency, frequency and money scores, each 1 (lowest) to 5, by the owner's <see cref="RfmRules"/>.</summary>
public readonly record struct RfmScore(int Recency, int Frequency, int Monetary)
{
    /// <summary>
    /// The scores of an account at <paramref name="now"/>: recency from the latest purchase (none scores 1), frequency from
    /// the days with a purchase and money from the net spend, both within the tier window the account keeps.
    /// </summary>
    public static RfmScore Of(CustomerAccount account, ProgramRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(rules);
        var rfm = rules.Rfm;
        var from = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-rules.TierWindowDays + 1);
        var purchaseDays = account.SpendByDay.Keys.Count(d => d >= from);
        var spend = account.TrailingSpend(now, rules.TierWindowDays);
        var recency = LastPurchase(account) is { } last
            ? 5 - rfm.RecencyDays.Count(days => (now - last).TotalDays > days)
            : 1;
        return new RfmScore(recency, 1 + rfm.PurchaseDays.Count(days => purchaseDays >= days),
            1 + rfm.Spend.Count(step => spend >= step));
    }

    /// <summary>The latest purchase; for a row written before it was kept, the latest day with spend in the window.</summary>
    private static DateTimeOffset? LastPurchase(CustomerAccount account) =>
        account.LastPurchaseAt ?? (account.SpendByDay.Count == 0 ? null : new DateTimeOffset(account.SpendByDay.Keys.Max().ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
}
