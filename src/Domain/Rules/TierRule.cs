namespace LoyaltyBot.Domain.Rules;

/// <summary>
/// A tier reached by spending <see cref="MinSpend"/> in the trailing window; earns <see cref="RatePercent"/> of each paid
/// amount. <see cref="Name"/> identifies it (accounts store it); <see cref="Names"/> says it in a language ("ru": "Серебро").
/// </summary>
public sealed record TierRule(
    string Name, decimal MinSpend, decimal RatePercent, IReadOnlyList<string>? Perks = null, IReadOnlyDictionary<string, string>? Names = null)
{
    /// <summary>The tier's name as a reader of <paramref name="language"/> says it; <see cref="Name"/> when none is given.</summary>
    public string NameIn(string language) => Names?.GetValueOrDefault(language) is { Length: > 0 } name ? name : Name;
}
