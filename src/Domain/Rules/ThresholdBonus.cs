namespace LoyaltyBot.Domain.Rules;

/// <summary>Extra points for a check of at least <see cref="MinAmount"/>; only the highest threshold reached pays.</summary>
public sealed record ThresholdBonus(decimal MinAmount, long Points);
