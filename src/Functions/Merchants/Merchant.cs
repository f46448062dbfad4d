namespace LoyaltyBot.Functions.Merchants;

/// <summary>A partner whose tills post to the webhook. During a rotation the previous secret stays valid for a grace period.</summary>
public sealed record Merchant(string MerchantId, string Name, string Secret, string? PreviousSecret, DateTimeOffset? PreviousSecretValidUntil, DateTimeOffset CreatedAt)
{
    /// <summary>The secrets a signature may be made with now.</summary>
    public string[] SecretsValidAt(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretValidUntil > now ? [Secret, PreviousSecret] : [Secret];
}

/// <summary>A merchant as the owner's list shows it: never its secret.</summary>
public sealed record MerchantSummary(string MerchantId, string Name, DateTimeOffset CreatedAt);
