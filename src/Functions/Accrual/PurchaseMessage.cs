using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Functions.Ledger;

namespace LoyaltyBot.Functions.Accrual;

public sealed record PurchaseItemMessage(string? Sku, string? Category, decimal Quantity, decimal Price);

/// <summary>
/// A validated purchase as it travels through the <c>purchases</c> queue to the accrual. <see cref="CustomerId"/> is whom
/// the card or Telegram id named when the webhook looked (a hint the accrual checks, not part of the merchant's request).
/// </summary>
public sealed record PurchaseMessage(
    string MerchantId,
    string PurchaseId,
    string? Phone,
    string? CardNumber,
    long? TelegramUserId,
    decimal Amount,
    string Currency,
    DateTimeOffset OccurredAt,
    IReadOnlyList<PurchaseItemMessage> Items,
    long PointsRedeemed,
    string? CustomerId = null)
{
    /// <summary>How the purchase names its customer.</summary>
    public LookupKey CustomerKey() =>
        Phone is not null ? LookupKey.Phone(PhoneNumber.Parse(Phone).Value)
        : CardNumber is not null ? LookupKey.Card(Domain.Customers.CardNumber.Parse(CardNumber).Value)
        : LookupKey.Telegram(TelegramUserId!.Value);
}
