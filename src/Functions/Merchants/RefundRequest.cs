using System.Text.Json;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using static LoyaltyBot.Functions.Merchants.JsonFields;

namespace LoyaltyBot.Functions.Merchants;

/// <summary>
/// A validated refund as it travels through the <c>purchases</c> queue. <paramref name="Deferrals"/> counts how often it
/// was put back because its purchase had not been applied yet.
/// </summary>
public sealed record RefundMessage(
    string MerchantId, string RefundId, string PurchaseId, decimal Amount, string Currency, DateTimeOffset ReceivedAt, int Deferrals = 0)
{
    /// <summary>The ledger key of the refund: its own namespace, so a refundId may equal a purchaseId.</summary>
    public OperationKey Operation => OperationKey.Of($"{MerchantId}.refund", RefundId);
}

public static class RefundRequest
{
    public static RefundMessage? Parse(string merchantId, JsonElement body, ProgramRules rules, DateTimeOffset now, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(errors);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "the body must be a JSON object");
            return null;
        }

        var refundId = OperationId(body, "refundId", merchantId, errors);
        var purchaseId = OperationId(body, "purchaseId", merchantId, errors);
        var (amount, currency) = Amount(body, rules, errors);

        return errors.Any ? null : new RefundMessage(merchantId, refundId!, purchaseId!, amount!.Value, currency.ToUpperInvariant(), now);
    }
}
