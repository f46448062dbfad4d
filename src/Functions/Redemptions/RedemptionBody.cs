using System.ComponentModel;
using LoyaltyBot.Functions.ApiReference;

namespace LoyaltyBot.Functions.Redemptions;

/// <summary>The shape of a redemption body, for the OpenAPI document (the endpoint reads the raw bytes, which it must sign-check).</summary>
public sealed record RedemptionBody(
    [property: Description("The merchant's own id of the redemption, 1 to 100 printable characters: sent again, it gets the first answer.")]
    [property: Example("\"rd-1001\"")]
    string RedemptionId,
    [property: Description("The customer's one-time code from the bot: 6 digits, valid 10 minutes, good for one redemption.")]
    [property: Example("\"482913\"")]
    string Code,
    [property: Description("The points the customer wants to spend: greater than 0. Applied: the least of these, the program's cap of the check and the spendable points.")]
    [property: Example("500")]
    long Points,
    [property: Description("The check before the discount, in `currency`: greater than 0.")]
    [property: Example("1200.00")]
    decimal PurchaseAmount,
    [property: Description("ISO 4217 code; when absent, the program's currency.")]
    [property: Example("\"RUB\"")]
    string? Currency = null);
