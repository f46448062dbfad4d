namespace LoyaltyBot.Domain.Rules;

/// <summary>
/// Multiplies earned points between two instants, optionally only for some categories or merchants.
/// The best applicable multiplier wins; stackable campaigns multiply on top of it.
/// </summary>
public sealed record Campaign(
    string Id,
    string Name,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    decimal Multiplier,
    IReadOnlyList<string>? Categories = null,
    IReadOnlyList<string>? MerchantIds = null,
    bool Stackable = false)
{
    public bool IsActiveAt(DateTimeOffset at) => StartsAt <= at && at < EndsAt;

    public bool AppliesTo(string merchantId, string? category, DateTimeOffset at) =>
        IsActiveAt(at)
        && (MerchantIds is not { Count: > 0 } || MerchantIds.Contains(merchantId, StringComparer.OrdinalIgnoreCase))
        && (Categories is not { Count: > 0 } || (category is not null && Categories.Contains(category, StringComparer.OrdinalIgnoreCase)));
}
