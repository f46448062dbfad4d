using System.Text.Json;
using System.Text.Json.Serialization;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Redemptions;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Merchants;
using static LoyaltyBot.Functions.Merchants.JsonFields;

namespace LoyaltyBot.Functions.Redemptions;

/// <summary>A validated <c>POST .../redemptions</c>: the customer's code offers up to <see cref="Points"/> for this check.</summary>
public sealed record RedemptionRequest(string MerchantId, string RedemptionId, string Code, long Points, decimal PurchaseAmount, string Currency)
{
    /// <summary>The ledger key: its own namespace, so a redemptionId may equal one of the merchant's purchaseIds.</summary>
    [JsonIgnore]
    public OperationKey Operation => OperationOf(MerchantId, RedemptionId);

    public static OperationKey OperationOf(string merchantId, string redemptionId) => OperationKey.Of($"{merchantId}.redemption", redemptionId);

    public static OperationKey CancelOf(string merchantId, string redemptionId) => OperationKey.Of($"{merchantId}.redemption-cancel", redemptionId);

    public static RedemptionRequest? Parse(string merchantId, JsonElement body, ProgramRules rules, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(errors);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "the body must be a JSON object");
            return null;
        }

        var redemptionId = OperationId(body, "redemptionId", merchantId, errors);
        var code = RequiredString(body, "code", errors);
        if (code is not null && !RedemptionCode.IsWellFormed(code))
        {
            errors.Add("code", $"must be the {RedemptionCode.Length} digits the customer's bot shows");
        }

        var points = RequiredLong(body, "points", errors);
        if (points <= 0)
        {
            errors.Add("points", "must be a whole number of points greater than zero");
        }

        var (amount, currency) = Amount(body, rules, errors, "purchaseAmount");
        return errors.Any ? null : new RedemptionRequest(merchantId, redemptionId!, code!, points!.Value, amount!.Value, currency.ToUpperInvariant());
    }

    /// <summary>Without the code in full: whoever reads it may not spend it.</summary>
    public override string ToString() =>
        $"redemption {MerchantId}/{RedemptionId} of up to {Points} points on {PurchaseAmount} {Currency} with code {RedemptionCode.Mask(Code)}";
}

/// <summary>What the request log keeps of a redemption: the request, to tell a replay from another body, and whose it is.</summary>
public sealed record RecordedRedemption(RedemptionRequest Request, string CustomerId);
