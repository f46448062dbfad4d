namespace LoyaltyBot.Domain.Rules;

/// <summary>A tier reached by spending <see cref="MinSpend"/> in the trailing window; earns <see cref="RatePercent"/> of each paid amount.</summary>
public sealed record TierRule(string Name, decimal MinSpend, decimal RatePercent, IReadOnlyList<string>? Perks = null);
