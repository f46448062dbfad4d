using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Redemptions;

/// <summary>The redemption test classes share one app: each test makes its own merchant, customer and code.</summary>
[CollectionDefinition(Name)]
public sealed class RedemptionsApp : ICollectionFixture<LoyaltyApp>
{
    public const string Name = "Redemptions";
}
