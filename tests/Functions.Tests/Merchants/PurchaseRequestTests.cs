using System.Text.Json;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Merchants;

namespace LoyaltyBot.Functions.Tests.Merchants;

public sealed class PurchaseRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AGoodPurchaseIsReadWithThePhoneNormalizedToE164()
    {
        var (message, errors) = Parse("""
            {"purchaseId":"r-1","phone":"8 (912) 345-67-89","amount":1500.50,"currency":"rub","occurredAt":"2026-11-23T14:05:00+03:00",
             "items":[{"sku":"A1","category":"coffee","quantity":2,"price":750.25}],"pointsRedeemed":100}
            """);

        Assert.False(errors.Any);
        Assert.Equal(("+79123456789", 1500.50m, "RUB", 100L), (message!.Phone, message.Amount, message.Currency, message.PointsRedeemed));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 11, 5, 0, TimeSpan.Zero), message.OccurredAt);
        Assert.Equal("coffee", Assert.Single(message.Items).Category);
    }

    [Theory]
    [InlineData("""[1,2]""", "$")]
    [InlineData("""{"phone":"+79123456789","amount":10,"occurredAt":"2026-11-23T11:00:00Z"}""", "purchaseId")]
    [InlineData("""{"purchaseId":"r","amount":10,"occurredAt":"2026-11-23T11:00:00Z"}""", "customer")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","cardNumber":"712345678903","amount":10,"occurredAt":"2026-11-23T11:00:00Z"}""", "customer")]
    [InlineData("""{"purchaseId":"r","phone":"12","amount":10,"occurredAt":"2026-11-23T11:00:00Z"}""", "phone")]
    [InlineData("""{"purchaseId":"r","cardNumber":"712345678904","amount":10,"occurredAt":"2026-11-23T11:00:00Z"}""", "cardNumber")]
    [InlineData("""{"purchaseId":"r","telegramUserId":"abc","amount":10,"occurredAt":"2026-11-23T11:00:00Z"}""", "telegramUserId")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","amount":"10","occurredAt":"2026-11-23T11:00:00Z"}""", "amount")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","amount":0,"occurredAt":"2026-11-23T11:00:00Z"}""", "amount")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","amount":-5,"occurredAt":"2026-11-23T11:00:00Z"}""", "amount")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","amount":10.001,"occurredAt":"2026-11-23T11:00:00Z"}""", "amount")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","amount":10,"currency":"XXX","occurredAt":"2026-11-23T11:00:00Z"}""", "currency")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","amount":10,"currency":"USD","occurredAt":"2026-11-23T11:00:00Z"}""", "currency")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","amount":10}""", "occurredAt")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","amount":10,"occurredAt":"yesterday"}""", "occurredAt")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","amount":10,"occurredAt":"2026-11-23T11:00:00"}""", "occurredAt")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","amount":10,"occurredAt":"2026-11-24T11:00:00Z"}""", "occurredAt")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","amount":10,"occurredAt":"2024-01-01T11:00:00Z"}""", "occurredAt")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","amount":10,"occurredAt":"2026-11-23T11:00:00Z","pointsRedeemed":11}""", "pointsRedeemed")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","amount":10,"occurredAt":"2026-11-23T11:00:00Z","items":{}}""", "items")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","amount":10,"occurredAt":"2026-11-23T11:00:00Z","items":[{"quantity":0,"price":1}]}""", "items[0].quantity")]
    [InlineData("""{"purchaseId":"r","phone":"+79123456789","amount":10,"occurredAt":"2026-11-23T11:00:00Z","items":[{"quantity":1}]}""", "items[0].price")]
    public void ABadFieldIsNamed(string body, string field)
    {
        var (message, errors) = Parse(body);

        Assert.Null(message);
        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    private static (PurchaseMessage?, FieldErrors) Parse(string json)
    {
        var errors = new FieldErrors();
        using var document = JsonDocument.Parse(json);
        return (PurchaseRequest.Parse("m1", document.RootElement, ProgramRules.Default, Now, errors), errors);
    }
}
