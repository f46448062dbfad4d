using System.Globalization;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Reviews;
using LoyaltyBot.Functions.Rules;
using Telegram.Bot;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyaltyBot.Functions.Bot.Feedback;

/// <summary>
/// Feedback on purchases. <c>/feedback</c> lists the latest purchases; a purchase is rated 1–5 by inline buttons (also
/// under each points-earned notification), then the bot asks for optional text. The first rating of a purchase earns the
/// program's review bonus, once (operation <c>review/&lt;purchase ref&gt;</c>); rating it again changes the rating only.
/// Button data: <c>fb:&lt;ref&gt;</c> (pick), <c>fb:&lt;ref&gt;.&lt;1–5&gt;</c> (rate), <c>fb:&lt;ref&gt;.skip</c> (no text).
/// </summary>
public sealed partial class FeedbackCommand(
    LedgerStore ledger, ProgramStore program, MerchantStore merchants, FeedbackStore reviews, ReviewBonus bonusOnce, PendingInputs pending, CallbackData callbackData, StarButtons starButtons,
    MainMenu menu, TimeProvider time, ILogger<FeedbackCommand> logger) : IBotCommand, IBotCallback, IBotInput
{
    public const string CallbackPrefix = StarButtons.Prefix;

    /// <summary>Purchases listed by <c>/feedback</c>.</summary>
    public const int Listed = 5;

    /// <summary>How far back in the ledger a purchase can still be rated.</summary>
    public const int SearchDepth = 200;

    /// <summary>The command's name, and the pending input that waits for a review's text (its argument is the purchase reference).</summary>
    public const string InputName = "feedback";

    private const string SkipAction = "skip";

    public string Name => InputName;

    public string Prefix => CallbackPrefix;

    public BotText Description => FeedbackTexts.Description;

    public BotText? Button => FeedbackTexts.Button;

    public bool NeedsCustomer => true;

    public async Task HandleAsync(BotContext context, string argument)
    {
        ArgumentNullException.ThrowIfNull(context);
        var customerId = context.Customer!.CustomerId;
        var purchases = (await PurchasesAsync(customerId, context.Cancellation)).Take(Listed).ToList();
        if (purchases.Count == 0)
        {
            await context.ReplyAsync(FeedbackTexts.NothingToRate, menu.Keyboard(context.Language));
            return;
        }

        var rules = await program.GetAsync(context.Cancellation);
        var ratings = await reviews.RatingsAsync(customerId, context.Cancellation);
        var rows = new List<InlineKeyboardButton[]>();
        foreach (var purchase in purchases)
        {
            var reference = PurchaseRef.Of(purchase.Operation);
            var label = string.Join(" · ", new[]
            {
                LocalFormat.Day(context.Language, purchase.OccurredAt, rules.Zone, time.GetUtcNow()),
                await MerchantNameAsync(purchase.MerchantId, context.Cancellation),
                purchase.Amount is { } amount ? LocalFormat.Money(context.Language, amount, purchase.Currency) : null,
                ratings.TryGetValue(reference, out var rating) ? $"{rating} ⭐" : null,
            }.Where(part => !string.IsNullOrEmpty(part)));
            rows.Add([InlineKeyboardButton.WithCallbackData(label, callbackData.Create(Prefix, reference))]);
        }

        await context.ReplyAsync(FeedbackTexts.ChoosePurchase, new InlineKeyboardMarkup(rows));
    }

    public async Task<bool> PressAsync(BotContext context, string payload)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(payload);
        var dot = payload.IndexOf('.', StringComparison.Ordinal);
        var reference = dot < 0 ? payload : payload[..dot];
        var action = dot < 0 ? "" : payload[(dot + 1)..];
        if (!PurchaseRef.IsWellFormed(reference))
        {
            return false;
        }

        if (action == SkipAction)
        {
            await SkipAsync(context);
            return true;
        }

        var purchase = (await PurchasesAsync(context.Customer!.CustomerId, context.Cancellation)).FirstOrDefault(p => PurchaseRef.Of(p.Operation) == reference);
        if (purchase is null)
        {
            return false;
        }

        if (action.Length == 0)
        {
            await AskRatingAsync(context, purchase, reference);
            return true;
        }

        if (action is not { Length: 1 } || !int.TryParse(action, NumberStyles.None, CultureInfo.InvariantCulture, out var stars) || stars is < 1 or > 5)
        {
            return false;
        }

        await RateAsync(context, purchase, reference, stars);
        return true;
    }

    public async Task<bool> ReceiveAsync(BotContext context, string text)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(text);
        var waiting = await pending.GetAsync(context.From.Id, context.Cancellation);
        if (waiting is not { Name: InputName, Argument: var reference } || !PurchaseRef.IsWellFormed(reference))
        {
            return true;
        }

        var saved = await reviews.CommentAsync(context.Customer!.CustomerId, reference, text.Trim(), context.Cancellation);
        await context.ReplyAsync(saved ? FeedbackTexts.CommentSaved : FeedbackTexts.NotRatedYet, menu.Keyboard(context.Language));
        if (saved)
        {
            LogCommented(logger, context.Customer.CustomerId, reference);
        }

        return true;
    }

    private async Task AskRatingAsync(BotContext context, LedgerEntry purchase, string reference)
    {
        var rules = await program.GetAsync(context.Cancellation);
        var day = LocalFormat.Day(context.Language, purchase.OccurredAt, rules.Zone, time.GetUtcNow());
        var merchant = await MerchantNameAsync(purchase.MerchantId, context.Cancellation);
        await context.Bot.AnswerCallbackQuery(context.Update.CallbackQuery!.Id, cancellationToken: context.Cancellation);
        await context.ReplyAsync(merchant is null ? FeedbackTexts.Rate : FeedbackTexts.RateAt, starButtons.For(reference), merchant, day);
    }

    private async Task RateAsync(BotContext context, LedgerEntry purchase, string reference, int stars)
    {
        var customerId = context.Customer!.CustomerId;
        var rated = await bonusOnce.RateAsync(context.Customer, reference, purchase, stars, context.Cancellation);
        await pending.SetAsync(context.From.Id, InputName, reference, context.Cancellation);
        LogRated(logger, customerId, reference, stars);

        var rating = $"{stars} ⭐";
        await context.Bot.AnswerCallbackQuery(context.Update.CallbackQuery!.Id, rating, cancellationToken: context.Cancellation);
        var thanks = rated.Changed ? context.T(FeedbackTexts.RatingChanged, rating)
            : rated.Bonus is { } bonus and > 0 ? context.T(FeedbackTexts.ThanksWithBonus, rating, bonus, LocalFormat.Points(context.Language, bonus))
            : context.T(FeedbackTexts.Thanks, rating);
        var skip = new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData(context.T(FeedbackTexts.Skip), callbackData.Create(Prefix, $"{reference}.{SkipAction}")));
        await context.ReplyAsync($"{thanks}\n\n{context.T(FeedbackTexts.AskComment)}", skip);
    }

    private async Task SkipAsync(BotContext context)
    {
        if (await pending.GetAsync(context.From.Id, context.Cancellation) is { Name: InputName })
        {
            await pending.ClearAsync(context.From.Id, context.Cancellation);
        }

        await context.Bot.AnswerCallbackQuery(context.Update.CallbackQuery!.Id, cancellationToken: context.Cancellation);
        await context.ReplyAsync(FeedbackTexts.Skipped, menu.Keyboard(context.Language));
    }

    /// <summary>The customer's purchases (Earn entries) among the latest <see cref="SearchDepth"/> ledger entries, newest first.</summary>
    private async Task<IEnumerable<LedgerEntry>> PurchasesAsync(string customerId, CancellationToken cancellationToken) =>
        (await ledger.ReadEntriesAsync(customerId, SearchDepth, cancellationToken)).Where(e => e.Kind == LedgerEntryKind.Earn);

    private async Task<string?> MerchantNameAsync(string? merchantId, CancellationToken cancellationToken) =>
        merchantId is null ? null : (await merchants.FindAsync(merchantId, cancellationToken))?.Name;

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId} rated purchase {PurchaseRef} with {Stars} stars")]
    private static partial void LogRated(ILogger logger, string customerId, string purchaseRef, int stars);

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId} wrote a review of purchase {PurchaseRef}")]
    private static partial void LogCommented(ILogger logger, string customerId, string purchaseRef);
}
