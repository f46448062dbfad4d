using System.Text.Json.Serialization;

namespace LoyaltyBot.Domain.Rules;

/// <summary>What the monthly tier review does to a customer whose spend no longer holds their tier.</summary>
public enum TierDowngradeMode
{
    /// <summary>Nothing: tiers only rise.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>One tier down per review, however far short the spend is.</summary>
    [JsonStringEnumMemberName("oneLevel")]
    OneLevel,

    /// <summary>Straight to the tier the spend reaches.</summary>
    [JsonStringEnumMemberName("recalculate")]
    Recalculate,
}
