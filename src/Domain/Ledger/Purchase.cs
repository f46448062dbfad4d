using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Domain.Ledger;

public sealed record PurchaseItem(string? Sku, string? Category, decimal Quantity, decimal Price)
{
    public decimal Total => Quantity * Price;
}

/// <summary>A validated check from a merchant: what was bought, when, and how much of it was paid with points.</summary>
public sealed record Purchase
{
    private Purchase(string merchantId, string purchaseId, Money.Money amount, DateTimeOffset occurredAt, IReadOnlyList<PurchaseItem> items, long pointsRedeemed)
    {
        MerchantId = merchantId;
        PurchaseId = purchaseId;
        Amount = amount;
        OccurredAt = occurredAt;
        Items = items;
        PointsRedeemed = pointsRedeemed;
    }

    public string MerchantId { get; }

    public string PurchaseId { get; }

    public Money.Money Amount { get; }

    public DateTimeOffset OccurredAt { get; }

    public IReadOnlyList<PurchaseItem> Items { get; }

    /// <summary>Points (1 point = 1 currency unit) that paid part of this check; they earn nothing.</summary>
    public long PointsRedeemed { get; }

    /// <summary>The money actually paid: the check less the part paid with points.</summary>
    public decimal Paid => Amount.Amount - PointsRedeemed;

    public static Result<Purchase> Create(
        string merchantId, string purchaseId, decimal amount, string? currency, DateTimeOffset occurredAt,
        IReadOnlyList<PurchaseItem>? items, long pointsRedeemed, ProgramRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var money = Money.Money.CreatePositive(amount, currency, rules.MaxAmount);
        if (!money.IsSuccess)
        {
            return money.Error!;
        }

        if (money.Value.Currency != rules.ProgramCurrency)
        {
            return new LoyaltyError(LoyaltyErrorCode.CurrencyMismatch, "currency", $"the program runs in {rules.Currency}");
        }

        if (pointsRedeemed < 0)
        {
            return new LoyaltyError(LoyaltyErrorCode.PointsNotPositive, "pointsRedeemed", "must not be negative");
        }

        if (pointsRedeemed > amount)
        {
            return new LoyaltyError(LoyaltyErrorCode.RedemptionAboveCap, "pointsRedeemed", "must not exceed the amount");
        }

        items ??= [];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Quantity <= 0)
            {
                return LoyaltyError.AmountNotPositive($"items[{i}].quantity");
            }

            if (items[i].Price < 0)
            {
                return new LoyaltyError(LoyaltyErrorCode.AmountNotPositive, $"items[{i}].price", "must not be negative");
            }
        }

        return new Purchase(merchantId, purchaseId, money.Value, occurredAt, items, pointsRedeemed);
    }
}
