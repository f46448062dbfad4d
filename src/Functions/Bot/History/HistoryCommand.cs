using System.Text;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Reviews;
using LoyaltyBot.Functions.Rules;
using Telegram.Bot;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyaltyBot.Functions.Bot.History;

/// <summary>
/// <c>/history</c>: the latest ledger operations, <see cref="PageSize"/> a page, newest first. ◀ and ▶ edit the same
/// message to the newer or older page; each page is read from the entry its button names, one more than shown to know
/// whether there is a further page, so paging never reads the whole ledger.
/// </summary>
public sealed class HistoryCommand(LedgerStore ledger, LedgerHistory history, ProgramStore program, MerchantStore merchants, CallbackData callbackData) : IBotCommand, IBotCallback
{
    public const int PageSize = 5;

    public string Name => "history";

    public string Prefix => "hist";

    public BotText Description { get; } = new("История операций", "Points history");

    public BotText? Button { get; } = new("📜 История", "📜 History");

    public bool NeedsCustomer => true;

    public async Task HandleAsync(BotContext context, string argument)
    {
        ArgumentNullException.ThrowIfNull(context);
        var entries = await ledger.ReadLatestEntriesAsync(context.Customer!, PageSize + 1, context.Cancellation);
        if (entries.Count == 0)
        {
            await context.ReplyAsync(HistoryTexts.Empty);
            return;
        }

        var page = new Page([.. entries.Take(PageSize)], HasNewer: false, HasOlder: entries.Count > PageSize);
        await context.ReplyAsync(await RenderAsync(context, page), Buttons(context, page));
    }

    public async Task<bool> PressAsync(BotContext context, string payload)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HistoryCursor.TryDecode(payload, out var cursor) || context.Update.CallbackQuery is not { Message: { } message } query)
        {
            return false;
        }

        var customerId = context.Customer!.CustomerId;
        Page page;
        if (cursor.Older)
        {
            var older = await history.OlderThanAsync(customerId, cursor.EntryKey, PageSize + 1, context.Cancellation);
            page = new Page([.. older.Take(PageSize)], HasNewer: true, HasOlder: older.Count > PageSize);
        }
        else
        {
            var newer = await history.NewerThanAsync(customerId, cursor.EntryKey, PageSize + 1, context.Cancellation);
            page = new Page([.. newer.TakeLast(PageSize)], HasNewer: newer.Count > PageSize, HasOlder: true);
        }

        if (page.Entries.Count == 0)
        {
            // The entries this button pointed past are gone (the history was erased): nothing to show.
            return false;
        }

        await context.Bot.AnswerCallbackQuery(query.Id, cancellationToken: context.Cancellation);
        await context.Bot.EditMessageText(message.Chat.Id, message.MessageId, await RenderAsync(context, page), replyMarkup: Buttons(context, page),
            cancellationToken: context.Cancellation);
        return true;
    }

    private async Task<string> RenderAsync(BotContext context, Page page)
    {
        var rules = await program.GetAsync(context.Cancellation);
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var merchantId in page.Entries.Select(e => e.MerchantId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            names[merchantId] = (await merchants.FindAsync(merchantId, context.Cancellation))?.Name;
        }

        var text = new StringBuilder(context.T(page.HasNewer ? HistoryTexts.EarlierTitle : HistoryTexts.Title)).AppendLine().AppendLine();
        foreach (var entry in page.Entries)
        {
            text.AppendLine(Line(entry, rules, context.Language, entry.MerchantId is { } id ? names.GetValueOrDefault(id) : null));
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>One operation: when (the program's time), the points, what it was, where.</summary>
    public static string Line(LedgerEntry entry, ProgramRules rules, string language, string? merchantName)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(rules);
        var when = TimeZoneInfo.ConvertTime(entry.OccurredAt, rules.Zone);
        var line = HistoryTexts.Line.In(language, when, entry.Delta, KindOf(entry).In(language));
        return merchantName is null ? line : $"{line} · {merchantName}";
    }

    public static BotText KindOf(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Kind switch
        {
            LedgerEntryKind.Earn => HistoryTexts.Earn,
            LedgerEntryKind.Redeem => HistoryTexts.Redeem,
            LedgerEntryKind.Refund => HistoryTexts.Refund,
            LedgerEntryKind.Expire => HistoryTexts.Expire,
            LedgerEntryKind.Adjust => HistoryTexts.Adjust,
            LedgerEntryKind.RedemptionCancel => HistoryTexts.RedemptionCancel,
            LedgerEntryKind.TransferIn => HistoryTexts.TransferIn,
            LedgerEntryKind.TransferOut => HistoryTexts.TransferOut,
            LedgerEntryKind.Bonus => entry.Note switch
            {
                "welcome" => HistoryTexts.Welcome,
                ReferralReasons.Referrer => HistoryTexts.Referral,
                ReferralReasons.Friend => HistoryTexts.ReferralFriend,
                { } note when note.StartsWith("birthday", StringComparison.Ordinal) => HistoryTexts.Birthday,
                { } note when note.StartsWith(ReviewBonus.Reason, StringComparison.Ordinal) => HistoryTexts.Review,
                _ => HistoryTexts.Bonus,
            },
            _ => HistoryTexts.Other,
        };
    }

    private InlineKeyboardMarkup? Buttons(BotContext context, Page page)
    {
        var row = new List<InlineKeyboardButton>();
        if (page.HasNewer && new HistoryCursor(false, LedgerHistory.EntryKey(page.Entries[0])).Encode() is { } newer)
        {
            row.Add(InlineKeyboardButton.WithCallbackData(context.T(HistoryTexts.NewerButton), callbackData.Create(Prefix, newer)));
        }

        if (page.HasOlder && new HistoryCursor(true, LedgerHistory.EntryKey(page.Entries[^1])).Encode() is { } older)
        {
            row.Add(InlineKeyboardButton.WithCallbackData(context.T(HistoryTexts.OlderButton), callbackData.Create(Prefix, older)));
        }

        return row.Count == 0 ? null : new InlineKeyboardMarkup(row);
    }

    private sealed record Page(IReadOnlyList<LedgerEntry> Entries, bool HasNewer, bool HasOlder);
}

public static class HistoryTexts
{
    public static readonly BotText Empty = new(
        "📜 Операций пока нет. Баллы появятся после первой покупки.",
        "📜 No operations yet. Points will show up after your first purchase.");

    public static readonly BotText Title = new("📜 Последние операции:", "📜 Latest operations:");

    public static readonly BotText EarlierTitle = new("📜 Операции ранее:", "📜 Earlier operations:");

    /// <summary>{0} when, {1} the points with their sign, {2} what it was.</summary>
    public static readonly BotText Line = new("{0:dd.MM.yyyy HH:mm} · {1:+#,0;-#,0;0} · {2}", "{0:d MMM yyyy HH:mm} · {1:+#,0;-#,0;0} · {2}");

    public static readonly BotText NewerButton = new("◀ Новее", "◀ Newer");

    public static readonly BotText OlderButton = new("Ранее ▶", "Older ▶");

    public static readonly BotText Earn = new("покупка", "purchase");

    public static readonly BotText Redeem = new("оплата баллами", "paid with points");

    public static readonly BotText Refund = new("возврат покупки", "refund");

    public static readonly BotText Expire = new("баллы сгорели", "points expired");

    public static readonly BotText Adjust = new("корректировка", "adjustment");

    public static readonly BotText RedemptionCancel = new("отмена оплаты баллами", "points payment cancelled");

    public static readonly BotText TransferIn = new("баллы с покупок по номеру телефона", "points from purchases under your phone number");

    public static readonly BotText TransferOut = new("баллы перенесены на другой аккаунт", "points moved to another account");

    public static readonly BotText Welcome = new("приветственный бонус", "welcome bonus");

    public static readonly BotText Referral = new("бонус за приглашённого друга", "bonus for inviting a friend");

    public static readonly BotText ReferralFriend = new("бонус за регистрацию по приглашению", "bonus for joining by invitation");

    public static readonly BotText Birthday = new("подарок на день рождения", "birthday gift");

    public static readonly BotText Review = new("бонус за отзыв", "bonus for a review");

    public static readonly BotText Bonus = new("бонус", "bonus");

    public static readonly BotText Other = new("операция", "operation");
}
