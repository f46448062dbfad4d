using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Bot.Feedback;
using LoyaltyBot.Functions.Bot.Offers;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Reviews;
using LoyaltyBot.Functions.Rules;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyaltyBot.Functions.Notifications;

/// <summary>A notification as the customer reads it.</summary>
public sealed record RenderedNotification(string Text, InlineKeyboardMarkup? Buttons = null);

/// <summary>
/// Renders a notification in the customer's language, with amounts and dates formatted for it (dates in the program's
/// time zone). A points-earned message carries the 1–5 star buttons that rate the purchase.
/// </summary>
public sealed class NotificationRenderer(ProgramStore program, MerchantStore merchants, StarButtons stars, TimeProvider time)
{
    /// <summary>The message, or null when the notification has nothing to say (a broadcast without text, a tier change without a tier).</summary>
    public async Task<RenderedNotification?> RenderAsync(Notification notification, CustomerAccount customer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(customer);
        var language = BotLanguage.IsSupported(customer.Profile.Language) ? customer.Profile.Language : BotLanguage.Russian;
        var rules = await program.GetAsync(cancellationToken);
        var merchant = notification.MerchantId is { } merchantId ? (await merchants.FindAsync(merchantId, cancellationToken))?.Name : null;
        var message = new Message(language, rules, time.GetUtcNow());
        return notification.Kind switch
        {
            NotificationKind.PointsEarned => Earned(message, notification, merchant),
            NotificationKind.PointsClawedBack when notification.Points is > 0 => Moved(message, notification, merchant, NotificationTexts.ClawedBack, NotificationTexts.ClawedBackAt),
            NotificationKind.TierChanged when notification.Tier is { } tier => rules.FindTier(tier) is { } known
                ? message.Say(NotificationTexts.TierWithRate, known.NameIn(language), known.RatePercent).Done()
                : message.Say(NotificationTexts.Tier, tier).Done(),
            NotificationKind.PointsExpiring when notification.Points is > 0 => message
                .Say(notification.Date is not null ? NotificationTexts.Expiring : NotificationTexts.ExpiringSoon,
                    notification.Points, message.PointsWord(notification.Points), message.Day(notification.Date)).Done(),
            NotificationKind.Birthday => notification.Points is > 0
                ? message.Say(NotificationTexts.BirthdayWithBonus, FirstNameAfterComma(customer), notification.Points, message.PointsWord(notification.Points)).Done()
                : message.Say(NotificationTexts.Birthday, FirstNameAfterComma(customer)).Done(),
            NotificationKind.ReferralReward when notification.Points is > 0 => message
                .Say(NotificationTexts.ReferralReward, notification.Points, message.PointsWord(notification.Points)).Balance(notification.Balance).Done(),
            NotificationKind.PointsSpent when notification.Points is > 0 => Moved(message, notification, merchant, NotificationTexts.Spent, NotificationTexts.SpentAt),
            NotificationKind.PointsRestored when notification.Points is > 0 => Moved(message, notification, merchant, NotificationTexts.Restored, NotificationTexts.RestoredAt),
            NotificationKind.PointsExpired when notification.Points is > 0 => Moved(message, notification, null, NotificationTexts.Expired, NotificationTexts.Expired),
            NotificationKind.FriendBonusRevoked when notification.Points is > 0 => Moved(message, notification, null, NotificationTexts.FriendBonusRevoked, NotificationTexts.FriendBonusRevoked),
            NotificationKind.ReferralRewardRevoked when notification.Points is > 0 => Moved(message, notification, null, NotificationTexts.ReferralRewardRevoked, NotificationTexts.ReferralRewardRevoked),
            NotificationKind.FriendBonus when notification.Points is > 0 => Moved(message, notification, null, NotificationTexts.FriendBonus, NotificationTexts.FriendBonus),
            NotificationKind.PersonalOffer when notification is { Text: { } name, Multiplier: > 1, Date: { } until } => message
                .Say(NotificationTexts.PersonalOffer, OfferLine.Say(language, name, notification.Multiplier.Value, notification.Categories, until, rules.Zone, message.Now)).Done(),
            NotificationKind.PointsLastChance when notification is { Points: > 0, Date: not null } => message
                .Say(NotificationTexts.LastChance, notification.Points, message.PointsWord(notification.Points), message.Day(notification.Date)).Done(),
            NotificationKind.Broadcast when !string.IsNullOrWhiteSpace(notification.Text) => new RenderedNotification(notification.Text),
            NotificationKind.TierWarning when notification is { Tier: { } kept, Amount: > 0, Date: { } review } => message
                .Say(NotificationTexts.TierWarning, message.TierName(kept), message.Money(notification.Amount), message.Day(review)).Done(),
            NotificationKind.TierLowered when notification.Tier is { } lowered => TierLowered(message, lowered, notification.Amount),
            NotificationKind.PointsAdjusted when notification.Points is > 0 => Moved(message, notification, null, NotificationTexts.AdjustedUp, NotificationTexts.AdjustedUp),
            NotificationKind.PointsAdjusted when notification.Points is < 0 =>
                Moved(message, notification with { Points = -notification.Points }, null, NotificationTexts.AdjustedDown, NotificationTexts.AdjustedDown),
            _ => null,
        };
    }

    private RenderedNotification? Earned(Message message, Notification notification, string? merchant)
    {
        if (notification.Points is > 0)
        {
            message.Say(merchant is null ? NotificationTexts.Earned : NotificationTexts.EarnedAt,
                notification.Points, message.PointsWord(notification.Points), merchant, message.Day(notification.Date ?? message.Now));
        }

        message.Balance(notification.Balance);
        if (notification.Tier is { } tier)
        {
            message.Say(NotificationTexts.TierRaised, message.Rules.FindTier(tier)?.NameIn(message.Language) ?? tier);
        }

        if (message.IsEmpty || PurchaseRef.Of(notification.MerchantId, notification.PurchaseId) is not { } reference)
        {
            return message.Done();
        }

        message.Paragraph();
        var bonus = message.Rules.ReviewBonus;
        message.Say(bonus > 0 ? NotificationTexts.RateWithBonus : NotificationTexts.RateIt, bonus, message.PointsWord(bonus));
        return message.Done(stars.For(reference));
    }

    private static RenderedNotification? TierLowered(Message message, string tier, decimal? winBack)
    {
        message.Say(NotificationTexts.TierLowered, message.TierName(tier), message.Rules.TierNamed(tier).RatePercent);
        if (winBack is > 0 && message.Rules.NextTier(message.Rules.TierNamed(tier)) is { } above)
        {
            message.Say(NotificationTexts.TierWinBack, above.NameIn(message.Language), message.Money(winBack));
        }

        return message.Done();
    }

    /// <summary>Points that left or came back, said with the merchant's name when it is known, and the balance after.</summary>
    private static RenderedNotification? Moved(Message message, Notification notification, string? merchant, BotText said, BotText saidAt) =>
        message.Say(merchant is null ? said : saidAt, notification.Points, message.PointsWord(notification.Points), merchant).Balance(notification.Balance).Done();

    /// <summary>", Anna" for a greeting, or nothing when the name is unknown (or erased).</summary>
    private static string FirstNameAfterComma(CustomerAccount customer) =>
        customer.Profile.Name?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } first ? ", " + TelegramLimits.Name(first) : "";

    /// <summary>A message being written, sentence by sentence.</summary>
    private sealed class Message(string language, ProgramRules rules, DateTimeOffset now)
    {
        private readonly System.Text.StringBuilder text = new();

        public ProgramRules Rules => rules;

        public DateTimeOffset Now => now;

        public string Language => language;

        public Message Say(BotText sentence, params object?[] args)
        {
            if (text.Length > 0 && text[^1] != '\n')
            {
                text.Append(' ');
            }

            text.Append(sentence.In(language, args));
            return this;
        }

        public Message Balance(long? balance) => balance is { } points ? Say(NotificationTexts.Balance, points, PointsWord(points)) : this;

        public void Paragraph() => text.Append("\n\n");

        public string PointsWord(long? count) => LocalFormat.Points(language, count ?? 0);

        public string TierName(string tier) => rules.FindTier(tier)?.NameIn(language) ?? tier;

        public string Money(decimal? amount) => LocalFormat.Money(language, amount ?? 0m, rules.Currency);

        public string? Day(DateTimeOffset? moment) => moment is { } m ? LocalFormat.Day(language, m, rules.Zone, now) : null;

        public bool IsEmpty => text.Length == 0;

        /// <summary>The message, or null when nothing was said.</summary>
        public RenderedNotification? Done(InlineKeyboardMarkup? buttons = null) => IsEmpty ? null : new(text.ToString(), buttons);
    }
}
