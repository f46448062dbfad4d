using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Domain.Tests.Support;

/// <summary>Shorthands for account operations whose details a test does not care about.</summary>
internal static class AccountOperations
{
    /// <summary>A quote of exactly <paramref name="points"/>, so account tests do not depend on the calculator.</summary>
    public static EarnQuote QuoteOf(long points, string tier = "Bronze") => new(points, points, 0, tier, []);

    /// <summary>Earns <paramref name="points"/> for a purchase of <paramref name="paid"/> RUB made at <paramref name="occurredAt"/>.</summary>
    public static EarnOutcome EarnPoints(
        this CustomerAccount account, long points, ProgramRules rules, DateTimeOffset occurredAt, decimal paid = 1_000m, DateTimeOffset? now = null)
    {
        var purchase = new PurchaseBuilder().Amount(paid).At(occurredAt).Under(rules).Build();
        return account.Earn(Ops.Next(), purchase, QuoteOf(points), rules, now ?? occurredAt).Value;
    }

    public static Money.Money Rub(decimal amount) => Money.Money.Of(amount, Money.Currency.Rub);

    public static Money.Money Usd(decimal amount) => Money.Money.CreatePositive(amount, "USD", decimal.MaxValue).Value;
}
