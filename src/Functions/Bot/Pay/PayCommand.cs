using LoyaltyBot.Domain.Redemptions;
using LoyaltyBot.Functions.Redemptions;
using LoyaltyBot.Functions.Rules;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace LoyaltyBot.Functions.Bot.Pay;

/// <summary>
/// <c>/pay</c>: a one-time code that lets the till pay part of the check with the customer's points, valid for
/// <see cref="RedemptionCode.Lifetime"/>. Without spendable points there is nothing to pay with, so no code is issued.
/// </summary>
public sealed class PayCommand(RedemptionCodeStore codes, ProgramStore program, TimeProvider time) : IBotCommand
{
    public string Name => "pay";

    public BotText Description { get; } = new("Оплатить покупку баллами", "Pay with points");

    public BotText? Button { get; } = new("🛒 Оплатить баллами", "🛒 Pay with points");

    public bool NeedsCustomer => true;

    public async Task HandleAsync(BotContext context, string argument)
    {
        ArgumentNullException.ThrowIfNull(context);
        var customer = context.Customer!;
        var rules = await program.GetAsync(context.Cancellation);
        var now = time.GetUtcNow();
        var spendable = customer.SpendableAt(now);
        string Points(long points) => BotNoun.Points.Count(points, context.Language);
        if (spendable <= 0)
        {
            var pending = customer.Lots.Where(l => l.IsPendingAt(now)).ToList();
            await context.ReplyAsync(pending.Count == 0
                ? context.T(PayTexts.NothingToPay)
                : context.T(PayTexts.NothingYet, Points(pending.Sum(l => l.Remaining)), TimeZoneInfo.ConvertTime(pending.Min(l => l.AvailableAt), rules.Zone)));
            return;
        }

        var issued = await codes.IssueAsync(customer.CustomerId, context.Cancellation);
        var text = context.T(PayTexts.Code, issued.Code, (int)RedemptionCode.Lifetime.TotalMinutes, TimeZoneInfo.ConvertTime(issued.ExpiresAt, rules.Zone),
            Points(spendable), rules.RedemptionCapPercent);
        // HTML only for <code>: a tap copies the code; nothing else in the text comes from a user.
        await context.Bot.SendMessage(context.ChatId, text, parseMode: ParseMode.Html, cancellationToken: context.Cancellation);
    }
}

public static class PayTexts
{
    /// <summary>{0} the code, {1} minutes valid, {2} until (program time), {3} spendable points, {4} the share of a check points may pay.</summary>
    public static readonly BotText Code = new(
        "🛒 Код для оплаты баллами: <code>{0}</code>\nНазовите его кассиру. Код действует {1} минут — до {2:HH:mm} — и только один раз.\n\nДоступно: {3}. Баллами можно оплатить до {4:0.##}% покупки.",
        "🛒 Your code to pay with points: <code>{0}</code>\nTell it to the cashier. It is valid for {1} minutes — until {2:HH:mm} — and only once.\n\nSpendable: {3}. Points may pay up to {4:0.##}% of a purchase.");

    public static readonly BotText NothingToPay = new(
        "🛒 Пока нечем платить: на счёте нет доступных баллов. Они начисляются за покупки.",
        "🛒 Nothing to pay with yet: you have no spendable points. You earn them with purchases.");

    public static readonly BotText NothingYet = new(
        "🛒 Пока нечем платить: {0} ещё ожидают начисления, первые станут доступны {1:d MMMM yyyy}.",
        "🛒 Nothing to pay with yet: {0} are still pending, the first become spendable on {1:d MMMM yyyy}.");
}
