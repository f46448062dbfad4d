using System.Text;
using LoyaltyBot.Domain.Boosts;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Offers;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Bot.Boost;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Offers;
using LoyaltyBot.Functions.Rules;

namespace LoyaltyBot.Functions.Bot.Offers;

/// <summary>
/// <c>/offers</c>: the campaigns running now and those starting within <see cref="ComingSoonDays"/> days, then what applies to this customer personally: their personal
/// offers (opening the screen also gives those a rule finds them due for: by tier, birthday or a long pause), the perks of their tier, the
/// birthday gift when the birthday is within <see cref="BirthdaySoonDays"/> days (or how to get one), and the review bonus.
/// </summary>
public sealed class OffersCommand(ProgramStore program, CampaignStore campaigns, PersonalOffers offers, MerchantStore merchants, TimeProvider time) : IBotCommand
{
    public const int BirthdaySoonDays = 7;

    /// <summary>A campaign starting this soon is announced, so customers can plan a visit.</summary>
    public const int ComingSoonDays = 7;

    public string Name => "offers";

    public BotText Description { get; } = new("Акции и персональные предложения", "Promotions and personal offers");

    public BotText? Button { get; } = new("🎁 Предложения", "🎁 Offers");

    public bool NeedsCustomer => true;

    public async Task HandleAsync(BotContext context, string argument)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rules = await program.GetAsync(context.Cancellation);
        var now = time.GetUtcNow();
        var customer = context.Customer!;
        var lines = new List<string>();

        var all = await campaigns.GetAllAsync(context.Cancellation);
        foreach (var campaign in all.Where(c => c.StatusAt(now) == CampaignStatus.Running).OrderBy(c => c.EndsAt))
        {
            lines.Add(await CampaignLineAsync(context, OffersTexts.Campaign, campaign, campaign.EndsAt, rules));
        }

        foreach (var campaign in all.Where(c => c.StatusAt(now) == CampaignStatus.Scheduled && c.StartsAt - now <= TimeSpan.FromDays(ComingSoonDays)).OrderBy(c => c.StartsAt))
        {
            lines.Add(await CampaignLineAsync(context, OffersTexts.CampaignSoon, campaign, campaign.StartsAt, rules));
        }

        if (await offers.MayApplyAsync(context.Cancellation))
        {
            var given = await offers.ReadAsync(customer.CustomerId, context.Cancellation);
            var held = await offers.GrantDueAsync(customer, OfferFacts.Of(customer), given, rules, context.Cancellation);
            // Not IsValidAt(now): an offer given just now starts a moment after the screen's now.
            lines.AddRange(held.Where(o => now < o.Until).Select(o => OfferLine.Say(context.Language, o.Name, o.Multiplier, o.Categories, o.Until, rules.Zone, now)));
        }

        if (BoostLine(context, rules, BoostMonth.Of(now, rules.Zone)) is { } boost)
        {
            lines.Add(boost);
        }

        var tier = rules.TierNamed(customer.Tier);
        if (tier.Perks is { Count: > 0 } perks)
        {
            lines.Add(context.T(OffersTexts.Perks, tier.NameIn(context.Language), string.Join(", ", perks)));
        }

        if (rules.BirthdayBonus > 0)
        {
            var points = BotNoun.Points.Count(rules.BirthdayBonus, context.Language);
            if (DaysToBirthday(customer.Profile, TimeZoneInfo.ConvertTime(now, rules.Zone).Date) is { } days)
            {
                if (days <= BirthdaySoonDays)
                {
                    lines.Add(days == 0 ? context.T(OffersTexts.BirthdayToday, points) : context.T(OffersTexts.BirthdaySoon, BotNoun.Days.Count(days, context.Language), points));
                }
            }
            else
            {
                lines.Add(context.T(OffersTexts.BirthdayUnknown, points));
            }
        }

        if (rules.ReviewBonus > 0)
        {
            lines.Add(context.T(OffersTexts.Review, BotNoun.Points.Count(rules.ReviewBonus, context.Language)));
        }

        if (lines.Count == 0)
        {
            await context.ReplyAsync(OffersTexts.Nothing);
            return;
        }

        var text = new StringBuilder(context.T(OffersTexts.Title)).AppendLine();
        foreach (var line in lines)
        {
            text.AppendLine().AppendLine(line);
        }

        await context.ReplyAsync(text.ToString().TrimEnd());
    }

    /// <summary>This month's boosted categories the customer picked, or how many they may pick; null when the month offers none.</summary>
    private static string? BoostLine(BotContext context, ProgramRules rules, BoostMonth month)
    {
        if (rules.BoostedCategories.OfferedIn(month).Count == 0)
        {
            return null;
        }

        var picked = rules.BoostedCategories.EarnedIn(month, context.Customer!.Profile.BoostPicks);
        return picked.Count == 0
            ? context.T(OffersTexts.BoostToPick, BoostTexts.UpToCategories.Count(rules.BoostedCategories.Picks, context.Language))
            : context.T(OffersTexts.BoostPicked, string.Join(", ", picked.Select(b => context.T(BoostTexts.Button, b.NameIn(context.Language), b.Multiplier))));
    }

    /// <summary>Days from <paramref name="today"/> to the next birthday (0 = today); null when the birthday is not known.</summary>
    public static int? DaysToBirthday(CustomerProfile profile, DateTime today)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile is not { BirthDay: { } day and >= 1 and <= 31, BirthMonth: { } month and >= 1 and <= 12 })
        {
            return null;
        }

        var next = Occurrence(today.Year, month, day);
        if (next < today.Date)
        {
            next = Occurrence(today.Year + 1, month, day);
        }

        return (int)(next - today.Date).TotalDays;
    }

    /// <summary>The birthday in a year; 29 February falls on the 28th in other years.</summary>
    private static DateTime Occurrence(int year, int month, int day) => new(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)));

    /// <summary>The campaign in <paramref name="text"/>, with <paramref name="moment"/> (its end, or its start) in the program's time.</summary>
    private async Task<string> CampaignLineAsync(BotContext context, BotText text, Campaign campaign, DateTimeOffset moment, ProgramRules rules)
    {
        var line = new StringBuilder(context.T(text, campaign.Name, campaign.Multiplier, TimeZoneInfo.ConvertTime(moment, rules.Zone)));
        if (campaign.Categories is { Count: > 0 } categories)
        {
            line.Append(context.T(OffersTexts.OnlyCategories, string.Join(", ", categories)));
        }

        if (campaign.MerchantIds is { Count: > 0 } merchantIds)
        {
            var names = new List<string>();
            foreach (var id in merchantIds)
            {
                names.Add((await merchants.FindAsync(id, context.Cancellation))?.Name ?? id);
            }

            line.Append(context.T(OffersTexts.OnlyAt, string.Join(", ", names)));
        }

        return line.ToString();
    }
}

public static class OffersTexts
{
    public static readonly BotText Title = new("🎁 Для вас сейчас:", "🎁 For you now:");

    public static readonly BotText Nothing = new(
        "🎁 Сейчас нет активных акций и предложений. Загляните позже!",
        "🎁 There are no promotions or offers right now. Check back later!");

    /// <summary>{0} name, {1} multiplier, {2} the end in the program's time.</summary>
    public static readonly BotText Campaign = new(
        "🔥 {0}: баллы ×{1:0.##} до {2:d MMMM HH:mm}",
        "🔥 {0}: points ×{1:0.##} until {2:d MMMM HH:mm}");

    /// <summary>{0} name, {1} multiplier, {2} the start in the program's time.</summary>
    public static readonly BotText CampaignSoon = new(
        "🔜 {0}: баллы ×{1:0.##} с {2:d MMMM HH:mm}",
        "🔜 {0}: points ×{1:0.##} from {2:d MMMM HH:mm}");

    public static readonly BotText OnlyCategories = new(" — на товары: {0}", " — on: {0}");

    public static readonly BotText OnlyAt = new(" — в магазинах: {0}", " — at: {0}");

    public static readonly BotText Perks = new("🏅 Привилегии уровня «{0}»: {1}", "🏅 Your {0} tier perks: {1}");

    public static readonly BotText BirthdayToday = new(
        "🎂 С днём рождения! Сегодня мы дарим вам {0}.",
        "🎂 Happy birthday! Today we give you {0}.");

    public static readonly BotText BirthdaySoon = new(
        "🎂 До вашего дня рождения {0} — в этот день мы подарим вам {1}.",
        "🎂 Your birthday is in {0} — on the day we will give you {1}.");

    public static readonly BotText BirthdayUnknown = new(
        "🎂 Укажите день рождения (/birthday) — и в этот день мы подарим вам {0}.",
        "🎂 Tell us your birthday (/birthday) and we will give you {0} on the day.");

    public static readonly BotText Review = new(
        "⭐ Оцените покупку после визита — {0} за отзыв.",
        "⭐ Rate your purchase after a visit — {0} for a review.");

    /// <summary>{0} how many categories may be picked.</summary>
    public static readonly BotText BoostToPick = new(
        "⚡ Выберите до {0} повышенного кэшбэка на этот месяц: /boost",
        "⚡ Pick up to {0} with boosted points this month: /boost");

    /// <summary>{0} the picked categories with their multipliers.</summary>
    public static readonly BotText BoostPicked = new("⚡ Ваш повышенный кэшбэк в этом месяце: {0} — /boost", "⚡ Your boosted categories this month: {0} — /boost");
}
