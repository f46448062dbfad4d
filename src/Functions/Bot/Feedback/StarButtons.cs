using Telegram.Bot.Types.ReplyMarkups;

namespace LoyaltyBot.Functions.Bot.Feedback;

/// <summary>The 1–5 star buttons that rate a purchase, under a points-earned message or in /feedback; pressed, /feedback reads them.</summary>
public sealed class StarButtons(CallbackData callbackData)
{
    /// <summary>The callback prefix of the feedback buttons.</summary>
    public const string Prefix = "fb";

    public InlineKeyboardMarkup For(string purchaseRef) =>
        new(Enumerable.Range(1, 5).Select(stars =>
            InlineKeyboardButton.WithCallbackData($"{stars} ⭐", callbackData.Create(Prefix, $"{purchaseRef}.{stars}"))));
}
