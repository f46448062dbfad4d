using LoyaltyBot.Domain.Ledger;

namespace LoyaltyBot.Domain.Offers;

/// <summary>The purchase a grant follows: its key (<c>merchant-purchaseId</c>) and the categories its lines had.</summary>
public sealed record BoughtLines(string Key, IReadOnlyList<string> Categories)
{
    public static BoughtLines Of(Purchase purchase)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        return new($"{purchase.MerchantId}-{purchase.PurchaseId}", [.. purchase.Items.Select(i => i.Category).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)]);
    }
}

/// <summary>
/// What offer rules look at in a customer: their tier, birthday, last purchase day, the purchase just made, if any, and
/// the segments they are in (<see cref="Segments.CustomerSegments"/>; none known: a rule with a segment finds them due for nothing).
/// </summary>
public sealed record OfferFacts(string Tier, int? BirthMonth, int? BirthDay, DateOnly? LastPurchaseDay, BoughtLines? Purchase = null, IReadOnlySet<string>? Segments = null)
{
    /// <summary>
    /// The facts of an account; the last purchase day is the latest day with spend in the tier window (older purchases
    /// are no longer kept on the account, so a customer idle longer than the window counts from nothing and is not won back).
    /// </summary>
    public static OfferFacts Of(CustomerAccount account, BoughtLines? purchase = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        DateOnly? last = account.SpendByDay.Count == 0 ? null : account.SpendByDay.Keys.Max();
        return new(account.Tier, account.Profile.BirthMonth, account.Profile.BirthDay, last, purchase);
    }
}
