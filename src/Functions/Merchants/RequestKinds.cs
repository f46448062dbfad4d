namespace LoyaltyBot.Functions.Merchants;

/// <summary>The kinds of merchant request whose ids <see cref="RequestLog"/> keeps apart.</summary>
public static class RequestKinds
{
    public const string Purchase = "purchase";
    public const string Refund = "refund";
    public const string Redemption = "redemption";
}
