namespace LoyaltyBot.Functions.Bot;

/// <summary>What the router itself says; each feature keeps its own texts.</summary>
public static class BotTexts
{
    public static readonly BotText PressStart = new(
        "Чтобы пользоваться программой, нажмите /start — это займёт пару секунд.",
        "To use the loyalty program, press /start first — it takes a second.");

    public static readonly BotText NotUnderstood = new(
        "Не понял сообщение. Выберите действие на клавиатуре ниже или нажмите /help.",
        "Sorry, I didn't get that. Pick an action on the keyboard below or press /help.");

    public static readonly BotText OnlyText = new(
        "Я понимаю только текст и кнопки. Выберите действие ниже или нажмите /help.",
        "I only understand text and buttons. Pick an action below or press /help.");

    public static readonly BotText UnknownCommand = new(
        "Такой команды нет. Список команд — /help.",
        "There is no such command. See /help for the list.");

    public static readonly BotText StaleButton = new(
        "Эта кнопка устарела. Откройте меню заново.",
        "This button is out of date. Please open the menu again.");

    public static readonly BotText TextTooLong = new(
        "Сообщение слишком длинное. Напишите, пожалуйста, короче.",
        "That message is too long. Please keep it shorter.");

    public static readonly BotText PrivateOnly = new(
        "Я работаю только в личных сообщениях: напишите мне напрямую.",
        "I only work in private chats: please message me directly.");
}
