namespace LoyaltyBot.Functions.Bot;

/// <summary>
/// A command of the bot's menu (<c>/balance</c>), optionally also a button of the main keyboard. <see cref="NeedsCustomer"/>
/// commands are answered with a hint to press /start for someone who has not registered.
/// </summary>
public interface IBotCommand
{
    /// <summary>Without the slash, lowercase.</summary>
    string Name { get; }

    /// <summary>The line in Telegram's command menu.</summary>
    BotText Description { get; }

    /// <summary>The main keyboard's button for it, or null when it is a command only.</summary>
    BotText? Button { get; }

    bool NeedsCustomer { get; }

    /// <summary>Handles the command; <paramref name="argument"/> is what follows it (<c>/start ref_abc</c> → <c>ref_abc</c>).</summary>
    Task HandleAsync(BotContext context, string argument);
}

/// <summary>Handles inline-button presses whose data starts with <see cref="Prefix"/> (and carries a valid tag).</summary>
public interface IBotCallback
{
    string Prefix { get; }

    /// <summary>Answers the press; false when the payload does not make sense any more (the router then says so).</summary>
    Task<bool> PressAsync(BotContext context, string payload);
}

/// <summary>Free text the bot asked for (a birthday, a review): used when the customer's pending input has this name.</summary>
public interface IBotInput
{
    string Name { get; }

    /// <summary>Handles the text; true when the input is complete (the pending input is then cleared).</summary>
    Task<bool> ReceiveAsync(BotContext context, string text);
}
