using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;

namespace LoyaltyBot.Functions.Bot.Start;

/// <summary>
/// <c>/start</c> registers the customer (Telegram user id, name, language, chat), grants the welcome bonus once per
/// Telegram user (<see cref="WelcomeBonus"/>), and shows the main menu. <c>/start ref_&lt;code&gt;</c> also records who
/// invited them: never themselves, never a second referrer, never for someone already registered; the referrer's count
/// of joined friends goes up once.
/// </summary>
public sealed partial class StartCommand(
    CustomerDirectory directory, LedgerStore ledger, ReferralStore referrals, ProgramStore program, WelcomeBonus welcome, MainMenu menu,
    ILogger<StartCommand> logger) : IBotCommand
{
    public const string ReferralPrefix = "ref_";

    public string Name => "start";

    public BotText Description { get; } = new("Начать и открыть меню", "Start and open the menu");

    public BotText? Button => null;

    public bool NeedsCustomer => false;

    public async Task HandleAsync(BotContext context, string argument)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Customer is { } known)
        {
            if (known.Profile.ChatId != context.ChatId)
            {
                context.Customer = await ledger.UpdateProfileAsync(known.CustomerId, p => p with { ChatId = context.ChatId, Unreachable = false }, context.Cancellation) is { IsSuccess: true } updated
                    ? updated.Value : known;
            }

            // A registration cut short after recording the referrer comes back here on Telegram's retry: count the friend now.
            if (known.Profile.ReferredBy is { } invitedBy && await ReferrerAsync(argument, known.CustomerId, context.Cancellation) == invitedBy)
            {
                await referrals.RecordJoinAsync(invitedBy, known.CustomerId, context.Cancellation);
            }

            // Likewise a registration cut short before the welcome bonus: grant it now, and welcome them as the first time.
            if (await welcome.GrantMissedAsync(known, context.From.Id, context.Cancellation) is > 0 and var late)
            {
                await WelcomeAsync(context, known.CustomerId, late);
                return;
            }

            await context.ReplyAsync(StartTexts.WelcomeBack, menu.Keyboard(context.Language), TelegramLimits.Name(context.From.FirstName), context.Customer.Balance);
            return;
        }

        var rules = await program.GetAsync(context.Cancellation);
        var name = TelegramLimits.Shorten(string.Join(' ', new[] { context.From.FirstName, context.From.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))), TelegramLimits.StoredName);
        var registered = await directory.RegisterAsync(new NewCustomer(context.From.Id, null, name, context.Language, context.ChatId), rules, context.Cancellation);
        var account = registered.Value;
        var referrer = await ReferrerAsync(argument, account.CustomerId, context.Cancellation);
        if (referrer is not null && account.Profile.ReferredBy is null && account.Totals == new LedgerTotals())
        {
            account = (await ledger.UpdateProfileAsync(account.CustomerId, p => p.ReferredBy is null ? p with { ReferredBy = referrer } : p, context.Cancellation))?.Value ?? account;
            LogReferred(logger, account.CustomerId, referrer);
        }

        if (referrer is not null && account.Profile.ReferredBy == referrer)
        {
            await referrals.RecordJoinAsync(referrer, account.CustomerId, context.Cancellation);
        }

        context.Customer = account;
        await WelcomeAsync(context, account.CustomerId, await welcome.GrantAsync(account.CustomerId, context.From.Id, context.Cancellation));
    }

    /// <summary>The first welcome, naming the bonus only when <paramref name="bonus"/> points were granted.</summary>
    private async Task WelcomeAsync(BotContext context, string customerId, long bonus)
    {
        context.Customer = await ledger.GetAccountAsync(customerId, context.Cancellation) ?? context.Customer;
        await context.ReplyAsync(bonus > 0 ? StartTexts.WelcomeWithBonus : StartTexts.Welcome, menu.Keyboard(context.Language),
            TelegramLimits.Name(context.From.FirstName), bonus, context.Customer!.Profile.CardNumber);
    }

    /// <summary>The inviting customer of <c>ref_&lt;code&gt;</c>, unless the code is unknown or the customer's own.</summary>
    private async Task<string?> ReferrerAsync(string argument, string customerId, CancellationToken cancellationToken)
    {
        if (!argument.StartsWith(ReferralPrefix, StringComparison.Ordinal) || argument.Length > 64)
        {
            return null;
        }

        var referrer = await directory.FindAsync(LookupKey.Invite(argument[ReferralPrefix.Length..]), cancellationToken);
        return referrer == customerId ? null : referrer;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId} joined on the invitation of {ReferrerId}")]
    private static partial void LogReferred(ILogger logger, string customerId, string referrerId);
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
