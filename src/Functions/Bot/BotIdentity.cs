using Telegram.Bot;

namespace LoyaltyBot.Functions.Bot;

/// <summary>The bot's own username (for deep links), asked of Telegram once with <c>getMe</c> and kept: it never changes while the token stays.</summary>
public sealed class BotIdentity(ITelegramBotClient bot)
{
    private string? username;

    public async Task<string> UsernameAsync(CancellationToken cancellationToken)
    {
        if (username is { } known)
        {
            return known;
        }

        var me = await bot.GetMe(cancellationToken);
        // Two first callers may both ask; they get the same answer.
        return username = me.Username ?? throw new InvalidOperationException("Telegram reports no username for this bot.");
    }
}
