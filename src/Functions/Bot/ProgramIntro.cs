using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Functions.Bot;

/// <summary>The program in two lines, as the welcome and <c>/help</c> say it, and a nudge to bind the phone while it is not bound.</summary>
public static class ProgramIntro
{
    public static readonly BotText HowItWorks = new(
        "💳 На кассе покажите карту (/card) или назовите телефон — за покупки начисляются баллы.\n💰 1 балл = 1 {0} скидки: баллами можно оплатить до {1:0.##}% покупки (/pay).",
        "💳 At the till, show your card (/card) or give your phone number: your purchases earn points.\n💰 1 point = 1 {0} off: points can pay up to {1:0.##}% of a purchase (/pay).");

    public static readonly BotText BindPhone = new(
        "📱 Привяжите телефон (/phone), и кассир найдёт вас по номеру.",
        "📱 Bind your phone (/phone) and the cashier finds you by your number.");

    public static string Write(string language, ProgramRules rules, CustomerAccount? customer)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var intro = HowItWorks.In(language, LocalFormat.CurrencySign(rules.Currency), rules.RedemptionCapPercent);
        return customer is { Profile.Phone: null } ? $"{intro}\n{BindPhone.In(language)}" : intro;
    }
}
