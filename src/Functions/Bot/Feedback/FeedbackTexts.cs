namespace LoyaltyBot.Functions.Bot.Feedback;

public static class FeedbackTexts
{
    public static readonly BotText Button = new("⭐ Отзыв", "⭐ Feedback");

    public static readonly BotText Description = new("Оценить покупку", "Rate a purchase");

    public static readonly BotText ChoosePurchase = new("Какую покупку хотите оценить?", "Which purchase would you like to rate?");

    public static readonly BotText NothingToRate = new(
        "Пока нечего оценивать: после покупки я спрошу, как всё прошло.",
        "Nothing to rate yet: after your next purchase I'll ask how it went.");

    public static readonly BotText RateAt = new("Как вам покупка в «{0}» {1}? Оцените от 1 до 5:", "How was your purchase at {0} on {1}? Rate it from 1 to 5:");

    public static readonly BotText Rate = new("Как вам покупка {1}? Оцените от 1 до 5:", "How was your purchase on {1}? Rate it from 1 to 5:");

    public static readonly BotText ThanksWithBonus = new(
        "Спасибо за оценку {0}! За отзыв вам начислено {1:N0} {2}.",
        "Thank you for the {0}! You got {1:N0} {2} for your review.");

    public static readonly BotText Thanks = new("Спасибо за оценку {0}!", "Thank you for the {0}!");

    public static readonly BotText RatingChanged = new("Оценка изменена: {0}.", "Your rating is now {0}.");

    public static readonly BotText AskComment = new(
        "Хотите добавить пару слов? Напишите их одним сообщением или нажмите «Пропустить».",
        "Would you like to add a few words? Write them in one message, or press Skip.");

    public static readonly BotText Skip = new("Пропустить", "Skip");

    public static readonly BotText Skipped = new("Хорошо! Спасибо, что оценили покупку.", "All right — thank you for rating your purchase!");

    public static readonly BotText CommentSaved = new("Спасибо за отзыв! Мы передадим его магазину.", "Thank you for your review! We'll pass it on to the shop.");

    public static readonly BotText NotRatedYet = new(
        "Сначала оцените покупку: откройте /feedback.",
        "Please rate the purchase first: open /feedback.");
}
