using System.Text.Json;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Money;
using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Functions.Merchants;

/// <summary>Reads fields of a JSON body one by one, adding a message to <see cref="FieldErrors"/> for each missing or mistyped one.</summary>
public static class JsonFields
{
    /// <summary>A merchant's own id for an operation (<c>purchaseId</c>, <c>refundId</c>, ...), as the ledger accepts it.</summary>
    public static string? OperationId(JsonElement body, string field, string merchantId, FieldErrors errors)
    {
        var id = RequiredString(body, field, errors);
        if (id is not null && !OperationKey.Create(merchantId, id).IsSuccess)
        {
            errors.Add(field, $"must be 1 to {OperationKey.MaxIdLength} printable characters");
        }

        return id;
    }

    /// <summary><c>amount</c> (positive, within the program's maximum) and optional <c>currency</c> (the program's).</summary>
    public static (decimal? Amount, string Currency) Amount(JsonElement body, ProgramRules rules, FieldErrors errors, string field = "amount")
    {
        ArgumentNullException.ThrowIfNull(rules);
        var currency = OptionalString(body, "currency", errors) ?? rules.Currency;
        var amount = RequiredDecimal(body, field, errors);
        if (amount is { } a && Money.CreatePositive(a, currency, rules.MaxAmount, field) is { IsSuccess: false } badMoney)
        {
            errors.Add(badMoney.Error!.Field, badMoney.Error.Message);
        }
        else if (Currency.TryFind(currency, out var known))
        {
            errors.Add(Purchase.CheckCurrency(known, rules));
        }

        return (amount, currency);
    }

    public static string? RequiredString(JsonElement body, string name, FieldErrors errors, string? parent = null)
    {
        var value = OptionalString(body, name, errors, parent);
        if (value is null && !(body.TryGetProperty(name, out var p) && p.ValueKind is not (JsonValueKind.Null or JsonValueKind.String)))
        {
            errors.Add(Path(parent, name), "is required");
        }

        return value;
    }

    public static string? OptionalString(JsonElement body, string name, FieldErrors errors, string? parent = null)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(Path(parent, name), "must be a string");
            return null;
        }

        var text = value.GetString()!.Trim();
        return text.Length == 0 ? null : text;
    }

    public static decimal? RequiredDecimal(JsonElement body, string name, FieldErrors errors, string? parent = null)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(Path(parent, name), "is required");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
        {
            errors.Add(Path(parent, name), "must be a number");
            return null;
        }

        return number;
    }

    public static long? RequiredLong(JsonElement body, string name, FieldErrors errors, string? parent = null)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(Path(parent, name), "is required");
            return null;
        }

        return OptionalLong(body, name, errors, parent);
    }

    public static long? OptionalLong(JsonElement body, string name, FieldErrors errors, string? parent = null)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            errors.Add(Path(parent, name), "must be a whole number");
            return null;
        }

        return number;
    }

    public static string Path(string? parent, string name) => parent is null ? name : $"{parent}.{name}";
}
