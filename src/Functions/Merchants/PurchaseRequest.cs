using System.Text.Json;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Money;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Hosting;
using static LoyaltyBot.Functions.Merchants.JsonFields;

namespace LoyaltyBot.Functions.Merchants;

/// <summary>
/// Reads a purchase body field by field, so that every wrong, missing or mistyped field is named in the answer, and a
/// body that passes is one the accrual can apply.
/// </summary>
public static class PurchaseRequest
{
    /// <summary>How far in the future a till's clock may be.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public const int MaxItems = 500;

    public static PurchaseMessage? Parse(string merchantId, JsonElement body, ProgramRules rules, DateTimeOffset now, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(errors);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "the body must be a JSON object");
            return null;
        }

        var purchaseId = OperationId(body, "purchaseId", merchantId, errors);

        var (phone, card, telegramUserId) = Customer(body, errors);
        var (amount, currency) = Amount(body, rules, errors);

        var occurredAt = OccurredAt(body, rules, now, errors);
        var pointsRedeemed = OptionalLong(body, "pointsRedeemed", errors) ?? 0;
        errors.Add(Purchase.CheckPointsRedeemed(pointsRedeemed, amount ?? decimal.MaxValue));

        var items = Items(body, errors);
        if (errors.Any)
        {
            return null;
        }

        return new PurchaseMessage(merchantId, purchaseId!, phone, card, telegramUserId, amount!.Value, currency.ToUpperInvariant(), occurredAt!.Value, items, pointsRedeemed);
    }

    /// <summary>The customer by exactly one of phone (any common format, kept as E.164), card number or Telegram user id.</summary>
    private static (string? Phone, string? Card, long? TelegramUserId) Customer(JsonElement body, FieldErrors errors)
    {
        var phoneText = OptionalString(body, "phone", errors);
        var cardText = OptionalString(body, "cardNumber", errors);
        var telegramUserId = OptionalLong(body, "telegramUserId", errors);
        var given = new[] { phoneText is not null, cardText is not null, telegramUserId is not null }.Count(g => g);
        if (given != 1)
        {
            errors.Add("customer", "give exactly one of phone, cardNumber or telegramUserId");
            return default;
        }

        if (phoneText is not null)
        {
            var phone = PhoneNumber.Parse(phoneText);
            if (!phone.IsSuccess)
            {
                errors.Add("phone", phone.Error!.Message);
            }

            return (phone.IsSuccess ? phone.Value.E164 : null, null, null);
        }

        if (cardText is not null)
        {
            var card = CardNumber.Parse(cardText);
            if (!card.IsSuccess)
            {
                errors.Add("cardNumber", card.Error!.Message);
            }

            return (null, card.IsSuccess ? card.Value.Digits : null, null);
        }

        if (telegramUserId <= 0)
        {
            errors.Add("telegramUserId", "must be a positive Telegram user id");
        }

        return (null, null, telegramUserId);
    }

    private static DateTimeOffset? OccurredAt(JsonElement body, ProgramRules rules, DateTimeOffset now, FieldErrors errors)
    {
        var text = RequiredString(body, "occurredAt", errors);
        if (text is null)
        {
            return null;
        }

        if (!IsoDateTime.TryParse(text, out var at))
        {
            errors.Add("occurredAt", IsoDateTime.Expected);
            return null;
        }

        if (at > now + ClockSkew)
        {
            errors.Add("occurredAt", "is in the future");
        }
        else if (at <= now.AddDays(-rules.ExpiryDays))
        {
            errors.Add("occurredAt", $"is older than the points' lifetime ({rules.ExpiryDays} days)");
        }

        return at;
    }

    private static List<PurchaseItemMessage> Items(JsonElement body, FieldErrors errors)
    {
        var items = new List<PurchaseItemMessage>();
        if (!body.TryGetProperty("items", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return items;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add("items", "must be an array");
            return items;
        }

        if (array.GetArrayLength() > MaxItems)
        {
            errors.Add("items", $"must have at most {MaxItems} lines");
            return items;
        }

        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"items[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path, "must be an object");
                continue;
            }

            var quantity = RequiredDecimal(item, "quantity", errors, path);
            var price = RequiredDecimal(item, "price", errors, path);
            errors.Add(quantity is { } q ? PurchaseItem.CheckQuantity(q, $"{path}.quantity") : null);
            errors.Add(price is { } p ? PurchaseItem.CheckPrice(p, $"{path}.price") : null);

            items.Add(new PurchaseItemMessage(OptionalString(item, "sku", errors, path), OptionalString(item, "category", errors, path), quantity ?? 0, price ?? 0));
        }

        return items;
    }
}
