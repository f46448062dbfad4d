using System.Globalization;
using System.Text;
using LoyaltyBot.Domain.Boosts;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Rules;
using Telegram.Bot;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyaltyBot.Functions.Bot.Boost;

/// <summary>
/// <c>/boost</c>: this month's boosted categories (in the program's time zone), one button each that picks or unpicks it, up
/// to the program's limit; a pick over it is refused with a hint. Once the owner has published next month's set, a button
/// opens it, so the customer can choose ahead. Each press edits the same message.
/// </summary>
public sealed class BoostCommand(ProgramStore program, CustomerProfiles profiles, CallbackData callbackData, TimeProvider time) : IBotCommand, IBotCallback
{
    private const string View = "v";
    private const string Toggle = "t";

    public string Name => "boost";

    public string Prefix => "boost";

    public BotText Description { get; } = new("Категории повышенного кэшбэка", "Boosted categories");

    public BotText? Button { get; } = new("⚡ Категории", "⚡ Categories");

    public bool NeedsCustomer => true;

    public async Task HandleAsync(BotContext context, string argument)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rules = await program.GetAsync(context.Cancellation);
        var now = BoostMonth.Of(time.GetUtcNow(), rules.Zone);
        // With nothing offered this month, next month's set (when published) is what there is to choose.
        var month = rules.BoostedCategories.OfferedIn(now).Count == 0 && rules.BoostedCategories.OfferedIn(now.Next).Count > 0 ? now.Next : now;
        if (rules.BoostedCategories.OfferedIn(month).Count == 0)
        {
            await context.ReplyAsync(BoostTexts.Nothing);
            return;
        }

        await context.ReplyAsync(Render(context, rules, month, now, context.Customer!.Profile.BoostPicks), Buttons(context, rules, month, now, context.Customer.Profile.BoostPicks));
    }

    public async Task<bool> PressAsync(BotContext context, string payload)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Update.CallbackQuery is not { Message: { } message } query || !TryReadPayload(payload, out var action, out var month, out var index))
        {
            return false;
        }

        var rules = await program.GetAsync(context.Cancellation);
        var now = BoostMonth.Of(time.GetUtcNow(), rules.Zone);
        var picks = context.Customer!.Profile.BoostPicks;
        if (action == Toggle)
        {
            var toggled = await profiles.ToggleBoostAsync(context.Customer.CustomerId, rules.BoostedCategories, month, index, now, context.Cancellation);
            if (toggled is not { } done || done.Choice == BoostChoice.NotOffered)
            {
                // A button of a month gone by, or of a category the owner withdrew.
                return false;
            }

            if (done.Choice == BoostChoice.LimitReached)
            {
                await context.Bot.AnswerCallbackQuery(query.Id, context.T(BoostTexts.LimitReached, Categories(rules.BoostedCategories.Picks, context.Language)),
                    showAlert: true, cancellationToken: context.Cancellation);
                return true;
            }

            picks = done.Account.Profile.BoostPicks;
        }
        else if (month != now && month != now.Next)
        {
            return false;
        }

        await context.Bot.AnswerCallbackQuery(query.Id, cancellationToken: context.Cancellation);
        await context.Bot.EditMessageText(message.Chat.Id, message.MessageId, Render(context, rules, month, now, picks), replyMarkup: Buttons(context, rules, month, now, picks),
            cancellationToken: context.Cancellation);
        return true;
    }

    /// <summary>The month's categories, which of them are picked, and until when the choice holds.</summary>
    private static string Render(BotContext context, ProgramRules rules, BoostMonth month, BoostMonth now, BoostPicks picks)
    {
        var boosts = rules.BoostedCategories;
        var offered = boosts.OfferedIn(month);
        var culture = BotText.CultureOf(context.Language);
        var text = new StringBuilder(context.T(month == now ? BoostTexts.Title : BoostTexts.NextTitle, MonthName(month, culture)))
            .AppendLine().AppendLine(context.T(BoostTexts.Choose, Categories(boosts.Picks, context.Language))).AppendLine();
        foreach (var boost in offered)
        {
            text.AppendLine(context.T(picks.Has(month, boost.Category) ? BoostTexts.PickedLine : BoostTexts.Line, boost.NameIn(context.Language), boost.Multiplier));
        }

        var picked = boosts.EarnedIn(month, picks);
        text.AppendLine().AppendLine(picked.Count == 0
            ? context.T(BoostTexts.NonePicked)
            : context.T(BoostTexts.Picked, string.Join(", ", picked.Select(b => b.NameIn(context.Language))), picked.Count, boosts.Picks));
        var lastDay = month.Next.FirstDay.AddDays(-1);
        text.Append(month == now
            ? context.T(BoostTexts.Resets, lastDay.ToString("d MMMM", culture), month.Next.FirstDay.ToString("d MMMM", culture))
            : context.T(BoostTexts.Starts, month.FirstDay.ToString("d MMMM", culture), lastDay.ToString("d MMMM", culture)));
        return text.ToString();
    }

    private InlineKeyboardMarkup Buttons(BotContext context, ProgramRules rules, BoostMonth month, BoostMonth now, BoostPicks picks)
    {
        var offered = rules.BoostedCategories.OfferedIn(month);
        var rows = offered.Select((boost, i) => new[]
        {
            InlineKeyboardButton.WithCallbackData(
                context.T(picks.Has(month, boost.Category) ? BoostTexts.PickedButton : BoostTexts.Button, boost.NameIn(context.Language), boost.Multiplier),
                callbackData.Create(Prefix, $"{Toggle}:{month}:{i.ToString(CultureInfo.InvariantCulture)}")),
        }).ToList();
        var culture = BotText.CultureOf(context.Language);
        if (month == now && rules.BoostedCategories.OfferedIn(now.Next).Count > 0)
        {
            rows.Add([InlineKeyboardButton.WithCallbackData(context.T(BoostTexts.NextMonthButton, MonthName(now.Next, culture)), callbackData.Create(Prefix, $"{View}:{now.Next}"))]);
        }
        else if (month != now && rules.BoostedCategories.OfferedIn(now).Count > 0)
        {
            rows.Add([InlineKeyboardButton.WithCallbackData(context.T(BoostTexts.ThisMonthButton, MonthName(now, culture)), callbackData.Create(Prefix, $"{View}:{now}"))]);
        }

        return new InlineKeyboardMarkup(rows);
    }

    /// <summary><c>t:2026-12:3</c> (toggle the fourth category of December 2026) or <c>v:2027-01</c> (show January 2027).</summary>
    private static bool TryReadPayload(string payload, out string action, out BoostMonth month, out int index)
    {
        var parts = payload.Split(':');
        action = parts[0];
        index = -1;
        month = default;
        return parts.Length >= 2 && BoostMonth.TryParse(parts[1], out month) && (action, parts.Length) switch
        {
            (View, 2) => true,
            (Toggle, 3) => int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out index),
            _ => false,
        };
    }

    /// <summary>"декабрь 2026" or "December 2026": the month standing alone.</summary>
    private static string MonthName(BoostMonth month, CultureInfo culture) =>
        culture.DateTimeFormat.GetMonthName(month.Month) + " " + month.Year.ToString(CultureInfo.InvariantCulture);

    private static string Categories(int count, string language) => BoostTexts.UpToCategories.Count(count, language);
}

public static class BoostTexts
{
    /// <summary>Counted after «до» and «не больше», which want the genitive: «до 1 категории», «до 2 категорий».</summary>
    public static readonly BotNoun UpToCategories = new("категории", "категорий", "категорий", "category", "categories");

    /// <summary>{0} the month.</summary>
    public static readonly BotText Title = new("⚡ Категории повышенного кэшбэка — {0}", "⚡ Boosted categories — {0}");

    /// <summary>{0} the month.</summary>
    public static readonly BotText NextTitle = new("⚡ Категории повышенного кэшбэка на следующий месяц — {0}", "⚡ Boosted categories for next month — {0}");

    /// <summary>{0} how many categories may be picked.</summary>
    public static readonly BotText Choose = new(
        "Выберите до {0} — покупки в них весь месяц приносят больше баллов:",
        "Pick up to {0} — purchases in them earn more points all month:");

    /// <summary>{0} the category, {1} its multiplier.</summary>
    public static readonly BotText Line = new("▫️ {0}: баллы ×{1:0.##}", "▫️ {0}: points ×{1:0.##}");

    public static readonly BotText PickedLine = new("✅ {0}: баллы ×{1:0.##}", "✅ {0}: points ×{1:0.##}");

    public static readonly BotText Button = new("{0} ×{1:0.##}", "{0} ×{1:0.##}");

    public static readonly BotText PickedButton = new("✅ {0} ×{1:0.##}", "✅ {0} ×{1:0.##}");

    public static readonly BotText NonePicked = new("Пока ничего не выбрано.", "Nothing picked yet.");

    /// <summary>{0} the picked categories, {1} how many, {2} the most.</summary>
    public static readonly BotText Picked = new("Выбрано: {0} ({1} из {2}).", "Picked: {0} ({1} of {2}).");

    /// <summary>{0} the month's last day, {1} the next month's first day.</summary>
    public static readonly BotText Resets = new(
        "Выбор действует по {0} включительно; {1} — новые категории и новый выбор.",
        "Your choice holds through {0}; on {1} come new categories and a new choice.");

    /// <summary>{0} the month's first day, {1} its last day.</summary>
    public static readonly BotText Starts = new("Этот выбор действует с {0} по {1}.", "This choice holds from {0} through {1}.");

    /// <summary>{0} how many categories may be picked.</summary>
    public static readonly BotText LimitReached = new(
        "Можно выбрать не больше {0}. Снимите одну из выбранных, чтобы выбрать другую.",
        "You can pick at most {0}. Unpick one of yours to choose another.");

    /// <summary>{0} the month.</summary>
    public static readonly BotText NextMonthButton = new("{0} ▶", "{0} ▶");

    /// <summary>{0} the month.</summary>
    public static readonly BotText ThisMonthButton = new("◀ {0}", "◀ {0}");

    public static readonly BotText Nothing = new(
        "⚡ В этом месяце категорий повышенного кэшбэка нет. Загляните позже!",
        "⚡ There are no boosted categories this month. Check back later!");
}
