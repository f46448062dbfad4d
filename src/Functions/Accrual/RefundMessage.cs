using LoyaltyBot.Domain.Ledger;

namespace LoyaltyBot.Functions.Accrual;

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
