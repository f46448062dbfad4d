using LoyaltyBot.Functions.Bot;

namespace LoyaltyBot.Functions.Notifications;

/// <summary>What notifications say. Points follow their number with the word in the right plural form ({n:N0} {word}).</summary>
public static class NotificationTexts
{
    public static readonly BotText EarnedAt = new("Начислено {0:N0} {1} за покупку в «{2}» {3}.", "You earned {0:N0} {1} for your purchase at {2} on {3}.");

    public static readonly BotText Earned = new("Начислено {0:N0} {1} за покупку {3}.", "You earned {0:N0} {1} for your purchase on {3}.");

    public static readonly BotText Balance = new("На счёте {0:N0} {1}.", "Your balance: {0:N0} {1}.");

    public static readonly BotText TierRaised = new("Поздравляем: у вас теперь уровень «{0}»! 🎉", "Congratulations: you have reached the {0} tier! 🎉");

    public static readonly BotText RateWithBonus = new("Оцените покупку и получите {0:N0} {1}:", "Rate your purchase and get {0:N0} {1}:");

    public static readonly BotText RateIt = new("Как вам покупка? Оцените её:", "How was it? Rate your purchase:");

    public static readonly BotText ClawedBackAt = new("Покупка в «{2}» возвращена: списано {0:N0} {1}.", "Your purchase at {2} was refunded: {0:N0} {1} taken back.");

    public static readonly BotText ClawedBack = new("Покупка возвращена: списано {0:N0} {1}.", "A purchase was refunded: {0:N0} {1} taken back.");

    public static readonly BotText TierWithRate = new(
        "Ваш уровень теперь — «{0}»: с каждой покупки вам возвращается {1:0.##}% баллами.",
        "Your tier is now {0}: you get {1:0.##}% back in points on every purchase.");

    public static readonly BotText Tier = new("Ваш уровень теперь — «{0}».", "Your tier is now {0}.");

    public static readonly BotText Expiring = new("{2} сгорят баллы: {0:N0}. Успейте их потратить!", "{0:N0} {1} will expire on {2} — use them before then!");

    public static readonly BotText ExpiringSoon = new("Скоро сгорят баллы: {0:N0}. Успейте их потратить!", "{0:N0} {1} will expire soon — use them before then!");

    public static readonly BotText BirthdayWithBonus = new("С днём рождения{0}! Дарим вам {1:N0} {2} 🎁", "Happy birthday{0}! Here are {1:N0} bonus {2} from us 🎁");

    public static readonly BotText Birthday = new("С днём рождения{0}! 🎉", "Happy birthday{0}! 🎉");

    public static readonly BotText ReferralReward = new(
        "Ваш друг сделал первую покупку — вам начислено {0:N0} {1}. Спасибо, что рекомендуете нас!",
        "A friend you invited made their first purchase: you got {0:N0} {1}. Thank you for recommending us!");

    public static readonly BotText SpentAt = new("Вы оплатили баллами в «{2}»: списано {0:N0} {1}.", "You paid with points at {2}: {0:N0} {1} spent.");

    public static readonly BotText Spent = new("Вы оплатили баллами: списано {0:N0} {1}.", "You paid with points: {0:N0} {1} spent.");

    public static readonly BotText RestoredAt = new("Оплата баллами в «{2}» отменена: {0:N0} {1} вернулись на счёт.", "Your payment with points at {2} was cancelled: {0:N0} {1} are back.");

    public static readonly BotText Restored = new("Оплата баллами отменена: {0:N0} {1} вернулись на счёт.", "A payment with points was cancelled: {0:N0} {1} are back.");

    public static readonly BotText Expired = new("Срок действия баллов истёк: сгорело {0:N0} {1}.", "{0:N0} {1} expired.");

    public static readonly BotText FriendBonusRevoked = new(
        "Покупка, за которую вы получили бонус за приглашение, возвращена: списано {0:N0} {1}.",
        "The purchase that earned your invitation bonus was returned: {0:N0} {1} taken back.");

    public static readonly BotText ReferralRewardRevoked = new(
        "Покупка вашего друга возвращена: {0:N0} {1} за приглашение списаны.",
        "Your friend's purchase was returned: the {0:N0} {1} for the invitation were taken back.");

    public static readonly BotText FriendBonus = new(
        "Спасибо за первую покупку по приглашению друга! Дарим вам {0:N0} {1} 🎁",
        "Thank you for your first purchase with a friend's invitation! Here are {0:N0} bonus {1} 🎁");

    /// <summary>{0}: the offer, as <see cref="Bot.Offers.OfferLine"/> says it.</summary>
    public static readonly BotText PersonalOffer = new("Для вас персональное предложение!\n{0}", "A personal offer for you!\n{0}");

    public static readonly BotText LastChance = new(
        "Последний шанс: {2} сгорят баллы: {0:N0}. Потратьте их при следующей покупке!",
        "Last chance: {0:N0} {1} expire on {2}. Spend them on your next purchase!");

    public static readonly BotText TierWarning = new(
        "Чтобы сохранить уровень «{0}», совершите покупки ещё на {1} до {2}. Иначе уровень понизится.",
        "To keep your {0} tier, spend {1} more by {2}; otherwise your tier will be lowered.");

    public static readonly BotText TierLowered = new(
        "Ваш уровень понижен до «{0}»: с каждой покупки вам возвращается {1:0.##}% баллами.",
        "Your tier has been lowered to {0}: you get {1:0.##}% back in points on every purchase.");

    public static readonly BotText TierWinBack = new("Покупки ещё на {1} вернут уровень «{0}».", "Spend {1} more to win back the {0} tier.");

    /// <summary>A correction by the program owner that added points; why is the owner's note, not told.</summary>
    public static readonly BotText AdjustedUp = new("Вам начислено {0:N0} {1}.", "{0:N0} {1} have been added to your account.");

    /// <summary>A correction by the program owner that took points off.</summary>
    public static readonly BotText AdjustedDown = new("С вашего счёта списано {0:N0} {1}.", "{0:N0} {1} have been taken off your account.");
}
