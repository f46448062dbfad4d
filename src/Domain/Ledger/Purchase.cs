using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Domain.Ledger;

public sealed record PurchaseItem(string? Sku, string? Category, decimal Quantity, decimal Price)
{
    public decimal Total => Quantity * Price;

    /// <summary>Why a line's quantity is refused (it must be above zero), or null.</summary>
    public static LoyaltyError? CheckQuantity(decimal quantity, string field) =>
        quantity <= 0 ? LoyaltyError.AmountNotPositive(field) : null;

    /// <summary>Why a line's price is refused (it may be zero, never negative), or null.</summary>
    public static LoyaltyError? CheckPrice(decimal price, string field) =>
        price < 0 ? new LoyaltyError(LoyaltyErrorCode.AmountNotPositive, field, "must not be negative") : null;
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

        if (CheckCurrency(money.Value.Currency, rules) is { } otherCurrency)
        {
            return otherCurrency;
        }

        if (CheckPointsRedeemed(pointsRedeemed, amount) is { } badPoints)
        {
            return badPoints;
        }

        items ??= [];
        for (var i = 0; i < items.Count; i++)
        {
            if ((PurchaseItem.CheckQuantity(items[i].Quantity, $"items[{i}].quantity") ?? PurchaseItem.CheckPrice(items[i].Price, $"items[{i}].price")) is { } badItem)
            {
                return badItem;
            }
        }

        return new Purchase(merchantId, purchaseId, money.Value, occurredAt, items, pointsRedeemed);
    }

    /// <summary>Why a check in <paramref name="currency"/> is refused (the program runs in one currency), or null.</summary>
    public static LoyaltyError? CheckCurrency(Money.Currency currency, ProgramRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return currency != rules.ProgramCurrency ? new LoyaltyError(LoyaltyErrorCode.CurrencyMismatch, "currency", $"the program runs in {rules.Currency}") : null;
    }

    /// <summary>Why the points that paid part of a check are refused (never negative, never more than the check), or null.</summary>
    public static LoyaltyError? CheckPointsRedeemed(long pointsRedeemed, decimal amount) =>
        pointsRedeemed < 0 ? new LoyaltyError(LoyaltyErrorCode.PointsNotPositive, "pointsRedeemed", "must not be negative")
        : pointsRedeemed > amount ? new LoyaltyError(LoyaltyErrorCode.RedemptionAboveCap, "pointsRedeemed", "must not exceed the amount")
        : null;
}
