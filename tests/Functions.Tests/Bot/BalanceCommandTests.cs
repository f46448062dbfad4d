using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Money = LoyaltyBot.Domain.Money.Money;

namespace LoyaltyBot.Functions.Tests.Bot;

public sealed class BalanceCommandTests(BotApp app) : IClassFixture<BotApp>
{
    private static readonly ProgramRules Rules = ProgramRules.Default;

    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    [Fact]
    public async Task TheBalanceShowsPointsSpendableTierWhatIsLeftToTheNextTierAndTheSoonestExpiryInRussian()
    {
        var user = TelegramUser.NewRandom("Anna", "ru");
        var customer = await app.StartAsync(user);
        // 30 points for 1 000 ₽ paid 300 days ago: they expire in 65 days, before the welcome bonus (180 days).
        var paidAt = DateTimeOffset.UtcNow.AddDays(-300);
        await EarnAsync(customer.CustomerId, 1_000m, paidAt);

        var reply = await app.ReplyAsync(user, user.Text("/balance"));

        Assert.Contains("💰 На счёте: 130 баллов", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Можно потратить сейчас: 130 баллов", reply.Text, StringComparison.Ordinal);
        Assert.Contains("🏅 Уровень: Бронзовый (начисляем 3% от покупок)", reply.Text, StringComparison.Ordinal);
        Assert.Contains($"До уровня «Серебряный» осталось потратить {14_000m.ToString("N0", BotText.Russian)} ₽ (учитываются покупки за 365 дней)", reply.Text, StringComparison.Ordinal);
        Assert.Contains($"⏳ Ближайшее сгорание: 30 баллов — {InMoscow(paidAt.AddDays(365)).ToString("d MMMM yyyy", BotText.Russian)}", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ожидают", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Долг", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMenuButtonShowsTheBalanceToo()
    {
        var user = TelegramUser.NewRandom("Boris", "ru");
        await app.StartAsync(user);

        var reply = await app.ReplyAsync(user, user.Text("💰 Баланс"));

        Assert.StartsWith("💰 На счёте: 100 баллов", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PendingPointsAreShownApartWithTheDayTheFirstBecomeSpendableInEnglish()
    {
        var user = TelegramUser.NewRandom("John", "en");
        var customer = await app.StartAsync(user);
        var paidAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        await EarnAsync(customer.CustomerId, 1_000m, paidAt, Rules with { PendingDays = 14 });

        var reply = await app.ReplyAsync(user, user.Text("/balance"));

        Assert.Contains("💰 Balance: 130 points", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Spendable now: 100 points", reply.Text, StringComparison.Ordinal);
        Assert.Contains($"Pending: 30 points, the first become spendable on {InMoscow(paidAt.AddDays(14)).ToString("d MMMM yyyy", BotText.English)}", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Spend 14,000 ₽ more to reach Silver (purchases of the last 365 days count)", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtTheTopTierTheBalanceSaysSo()
    {
        var user = TelegramUser.NewRandom("Jane", "en");
        var customer = await app.StartAsync(user);
        await EarnAsync(customer.CustomerId, 60_000m, DateTimeOffset.UtcNow.AddMinutes(-5));

        var reply = await app.ReplyAsync(user, user.Text("/balance"));

        Assert.Contains("🏅 Tier: Gold (you earn 10% of purchases)", reply.Text, StringComparison.Ordinal);
        Assert.Contains("This is the program's top tier", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("more to reach", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADebtAfterARefundOfSpentPointsIsShown()
    {
        var user = TelegramUser.NewRandom("Oleg", "ru");
        var customer = await app.StartAsync(user);
        var purchaseId = await EarnAsync(customer.CustomerId, 1_000m, DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.True((await Ledger.RedeemAsync(customer.CustomerId, OperationKey.Of("till", "r-" + purchaseId), "m1", 130, Money.Of(1_000m, Rules.ProgramCurrency), Rules, default)).IsSuccess);
        Assert.True((await Ledger.RefundAsync(customer.CustomerId, OperationKey.Of("m1", "refund-" + purchaseId), "m1", purchaseId, Money.Of(1_000m, Rules.ProgramCurrency), Rules, default)).IsSuccess);

        var reply = await app.ReplyAsync(user, user.Text("/balance"));

        Assert.Contains("💰 На счёте: -30 баллов", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Можно потратить сейчас: 0 баллов", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Долг после возврата покупки: 30 баллов — его погасят следующие начисления", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("сгорание", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SomeoneWhoHasNotStartedIsAskedToPressStart()
    {
        var user = TelegramUser.NewRandom("Vera", "ru");

        var reply = await app.ReplyAsync(user, user.Text("/balance"));

        Assert.Contains("/start", reply.Text, StringComparison.Ordinal);
    }

    private static DateTimeOffset InMoscow(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Rules.Zone);

    private async Task<string> EarnAsync(string customerId, decimal amount, DateTimeOffset occurredAt, ProgramRules? rules = null)
    {
        var purchaseId = Guid.NewGuid().ToString("N");
        var purchase = Purchase.Create("m1", purchaseId, amount, "RUB", occurredAt, null, 0, rules ?? Rules).Value;
        Assert.True((await Ledger.EarnAsync(customerId, purchase, rules ?? Rules, [], default)).IsSuccess);
        return purchaseId;
    }
}
