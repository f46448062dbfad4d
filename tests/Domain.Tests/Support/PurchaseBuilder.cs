using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Domain.Tests.Support;

/// <summary>A valid purchase of 1 000 RUB at <see cref="Moment.T0"/> from merchant "m-1"; say only what differs.</summary>
internal sealed class PurchaseBuilder
{
    private static long nextId;

    private readonly List<PurchaseItem> items = [];
    private string merchantId = "m-1";
    private string purchaseId = $"p-{Interlocked.Increment(ref nextId)}";
    private decimal amount = 1_000m;
    private string currency = "RUB";
    private DateTimeOffset occurredAt = Moment.T0;
    private long pointsRedeemed;
    private ProgramRules rules = ProgramRules.Default;

    public PurchaseBuilder Amount(decimal value, string currencyCode = "RUB")
    {
        amount = value;
        currency = currencyCode;
        return this;
    }

    public PurchaseBuilder At(DateTimeOffset value)
    {
        occurredAt = value;
        return this;
    }

    public PurchaseBuilder From(string merchant)
    {
        merchantId = merchant;
        return this;
    }

    public PurchaseBuilder Id(string value)
    {
        purchaseId = value;
        return this;
    }

    public PurchaseBuilder Item(string? category, decimal price, decimal quantity = 1m)
    {
        items.Add(new PurchaseItem(null, category, quantity, price));
        return this;
    }

    public PurchaseBuilder PartlyPaidWithPoints(long points)
    {
        pointsRedeemed = points;
        return this;
    }

    public PurchaseBuilder Under(ProgramRules value)
    {
        rules = value;
        return this;
    }

    public Result<Purchase> TryBuild() =>
        Purchase.Create(merchantId, purchaseId, amount, currency, occurredAt, items, pointsRedeemed, rules);

    public Purchase Build() => TryBuild().Value;
}
