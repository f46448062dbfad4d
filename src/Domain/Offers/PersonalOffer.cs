using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Domain.Offers;

/// <summary>
/// An offer given to one customer by the rule <see cref="RuleId"/>: their purchases from <see cref="From"/> up to (not
/// including) <see cref="Until"/> earn <see cref="Multiplier"/> times the points, on <see cref="Categories"/> or on every line.
/// </summary>
public sealed record PersonalOffer(string Id, string RuleId, string Name, decimal Multiplier, IReadOnlyList<string>? Categories, DateTimeOffset From, DateTimeOffset Until)
{
    public bool IsValidAt(DateTimeOffset at) => From <= at && at < Until;

    /// <summary>The offer as the earn calculation takes it: a campaign for this customer alone, competing with the others for the best multiplier.</summary>
    public Campaign AsCampaign() => new(Id, Name, From, Until, Multiplier, Categories);
}
