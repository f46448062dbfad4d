using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Rules;

namespace LoyaltyBot.Functions.Bot.Start;

/// <summary>
/// <c>/start</c> registers the customer or greets them back (<see cref="Registration"/>) and shows the main menu;
/// <c>/start ref_&lt;code&gt;</c> also names the friend who invited them.
/// </summary>
public sealed class StartCommand(Registration registration, MainMenu menu, ProgramStore program) : IBotCommand
{
    public const string ReferralPrefix = "ref_";

    public string Name => "start";

    public BotText Description { get; } = new("Начать и открыть меню", "Start and open the menu");

    public BotText? Button => null;

    public bool NeedsCustomer => false;

    public async Task HandleAsync(BotContext context, string argument)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = TelegramLimits.Shorten(string.Join(' ', new[] { context.From.FirstName, context.From.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))), TelegramLimits.StoredName);
        var arrived = await registration.StartAsync(context.Customer, new Arrival(context.From.Id, name, context.Language, context.ChatId, InviteCode(argument)), context.Cancellation);
        context.Customer = arrived.Account;
        if (arrived.FirstWelcome)
        {
            var welcome = context.T(arrived.WelcomeBonus > 0 ? StartTexts.WelcomeWithBonus : StartTexts.Welcome,
                TelegramLimits.Name(context.From.FirstName), arrived.WelcomeBonus, CardNumber.Grouped(arrived.Account.Profile.CardNumber));
            var rules = await program.GetAsync(context.Cancellation);
            await context.ReplyAsync($"{welcome}\n\n{ProgramIntro.Write(context.Language, rules, arrived.Account)}", menu.Keyboard(context.Language));
            return;
        }

        await context.ReplyAsync(StartTexts.WelcomeBack, menu.Keyboard(context.Language), TelegramLimits.Name(context.From.FirstName), arrived.Account.Balance);
    }

    /// <summary>The invite code of <c>ref_&lt;code&gt;</c>, or null for any other argument.</summary>
    private static string? InviteCode(string argument) =>
        argument.StartsWith(ReferralPrefix, StringComparison.Ordinal) && argument.Length <= 64 ? argument[ReferralPrefix.Length..] : null;
}

public static class StartTexts
{
    public static readonly BotText Welcome = new(
        "Здравствуйте, {0}! Вы в программе лояльности. Номер вашей карты: {2}. Выберите действие ниже.",
        "Hello, {0}! You have joined the loyalty program. Your card number: {2}. Pick an action below.");

    public static readonly BotText WelcomeWithBonus = new(
        "Здравствуйте, {0}! Вы в программе лояльности, и вам начислено {1:N0} приветственных баллов. Номер вашей карты: {2}. Выберите действие ниже.",
        "Hello, {0}! You have joined the loyalty program and got {1:N0} welcome points. Your card number: {2}. Pick an action below.");

    public static readonly BotText WelcomeBack = new(
        "С возвращением, {0}! На счёте {1:N0} баллов. Выберите действие ниже.",
        "Welcome back, {0}! You have {1:N0} points. Pick an action below.");
}
