using System.Text;
using LoyaltyBot.Functions.Rules;

namespace LoyaltyBot.Functions.Bot;

/// <summary><c>/help</c>: what the bot can do, one line per command.</summary>
public sealed class HelpCommand(IServiceProvider services) : IBotCommand
{
    private static readonly BotText Intro = new("Что я умею:", "Here is what I can do:");

    public string Name => "help";

    public BotText Description { get; } = new("Что умеет бот", "What the bot can do");

    public BotText? Button => null;

    public bool NeedsCustomer => false;

    public async Task HandleAsync(BotContext context, string argument)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rules = await services.GetRequiredService<ProgramStore>().GetAsync(context.Cancellation);
        var text = new StringBuilder(ProgramIntro.Write(context.Language, rules, context.Customer)).AppendLine().AppendLine().AppendLine(context.T(Intro));
        // Resolved here: the help lists every command, itself included.
        foreach (var command in services.GetServices<IBotCommand>())
        {
            text.Append('/').Append(command.Name).Append(" — ").AppendLine(command.Description.In(context.Language));
        }

        await context.ReplyAsync(text.ToString(), context.Customer is null ? null : services.GetRequiredService<MainMenu>().Keyboard(context.Language));
    }
}
