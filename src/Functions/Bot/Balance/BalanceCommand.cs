using System.Text;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Rules;

namespace LoyaltyBot.Functions.Bot.Balance;

/// <summary>
/// <c>/balance</c>: the points, how many can pay now and when pending ones become spendable, the tier and the spend left to
/// the next one, the points that expire soonest, and any debt. Dates are the program's days (its time zone).
/// </summary>
public sealed class BalanceCommand(ProgramStore program, TimeProvider time) : IBotCommand
{
    public string Name => "balance";

    public BotText Description { get; } = new("Баланс, уровень и сгорающие баллы", "Balance, tier and expiring points");

    public BotText? Button { get; } = new("💰 Баланс", "💰 Balance");

    public bool NeedsCustomer => true;

    public async Task HandleAsync(BotContext context, string argument)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rules = await program.GetAsync(context.Cancellation);
        await context.ReplyAsync(Write(context.Customer!, rules, time.GetUtcNow(), context.Language));
    }

    public static string Write(CustomerAccount account, ProgramRules rules, DateTimeOffset now, string language)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(rules);
        string T(BotText text, params object?[] args) => text.In(language, args);
        string Points(long points) => BotNoun.Points.Count(points, language);
        DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, rules.Zone);

        var text = new StringBuilder();
        text.AppendLine(T(BalanceTexts.Total, Points(account.Balance)));
        text.AppendLine(T(BalanceTexts.Spendable, Points(Math.Max(0, account.SpendableAt(now)))));
        var pending = account.PendingAt(now);
        if (pending > 0)
        {
            var first = account.Lots.Where(l => l.IsPendingAt(now)).Min(l => l.AvailableAt);
            text.AppendLine(T(BalanceTexts.Pending, Points(pending), Local(first)));
        }

        if (account.Debt > 0)
        {
            text.AppendLine(T(BalanceTexts.Debt, Points(account.Debt)));
        }

        text.AppendLine();
        var trailing = account.TrailingSpend(now, rules.TierWindowDays);
        var tier = rules.TierNamed(account.Tier);
        if (rules.TierFor(trailing) is { } reached && reached.MinSpend > tier.MinSpend)
        {
            tier = reached;
        }

        text.AppendLine(T(BalanceTexts.Tier, tier.NameIn(language), tier.RatePercent));
        text.AppendLine(rules.NextTier(tier) is { } next
            ? T(BalanceTexts.NextTier, next.NameIn(language), Math.Max(0m, next.MinSpend - trailing), LocalFormat.CurrencySign(rules.Currency), BotNoun.Days.Count(rules.TierWindowDays, language))
            : T(BalanceTexts.TopTier));

        // Lots expiring on the same (local) day are one line: that is how the customer thinks of them.
        var soonest = account.Lots.Where(l => !l.IsExpiredAt(now) && l.Remaining > 0)
            .GroupBy(l => Local(l.ExpiresAt).Date)
            .MinBy(g => g.Key);
        if (soonest is not null)
        {
            text.AppendLine();
            text.AppendLine(T(BalanceTexts.Expiring, Points(soonest.Sum(l => l.Remaining)), soonest.Key));
        }

        return text.ToString().TrimEnd();
    }
}

public static class BalanceTexts
{
    public static readonly BotText Total = new("💰 На счёте: {0}", "💰 Balance: {0}");

    public static readonly BotText Spendable = new("Можно потратить сейчас: {0}", "Spendable now: {0}");

    public static readonly BotText Pending = new(
        "Ожидают начисления: {0}, первые станут доступны {1:d MMMM yyyy}",
        "Pending: {0}, the first become spendable on {1:d MMMM yyyy}");

    public static readonly BotText Debt = new(
        "Долг после возврата покупки: {0} — его погасят следующие начисления",
        "Owed after a refund: {0} — your next points pay it off first");

    public static readonly BotText Tier = new("🏅 Уровень: {0} (начисляем {1:0.##}% от покупок)", "🏅 Tier: {0} (you earn {1:0.##}% of purchases)");

    public static readonly BotText NextTier = new(
        "До уровня «{0}» осталось потратить {1:N0} {2} (учитываются покупки за {3})",
        "Spend {1:N0} {2} more to reach {0} (purchases of the last {3} count)");

    public static readonly BotText TopTier = new("Это высший уровень программы 🎉", "This is the program's top tier 🎉");

    public static readonly BotText Expiring = new("⏳ Ближайшее сгорание: {0} — {1:d MMMM yyyy}", "⏳ Expiring soonest: {0} on {1:d MMMM yyyy}");
}
