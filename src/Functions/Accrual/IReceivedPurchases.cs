namespace LoyaltyBot.Functions.Accrual;

/// <summary>
/// The purchases merchants sent, as they were validated on arrival: how a refund finds the customer of its purchase
/// before or after that purchase reached the ledger. The merchant webhook keeps them and provides this.
/// </summary>
public interface IReceivedPurchases
{
    /// <summary>The purchase received under this id, or null when none was.</summary>
    Task<PurchaseMessage?> FindAsync(string merchantId, string purchaseId, CancellationToken cancellationToken);
}
