using System.Text.Json;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Accrual;
using static LoyaltyBot.Functions.Merchants.JsonFields;

namespace LoyaltyBot.Functions.Merchants;

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
