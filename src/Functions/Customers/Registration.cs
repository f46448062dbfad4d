using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;

namespace LoyaltyBot.Functions.Customers;

/// <summary>A Telegram user who started the bot: who they are and, when they came by a friend's link, its invite code.</summary>
public sealed record Arrival(long TelegramUserId, string Name, string Language, long ChatId, string? InviteCode);

/// <summary>The customer after a start; <paramref name="FirstWelcome"/> when they are greeted as new, with the welcome bonus granted now (0 for none).</summary>
public sealed record Arrived(CustomerAccount Account, bool FirstWelcome, long WelcomeBonus);

/// <summary>
/// Registers a customer who starts the bot (Telegram user id, name, language, chat), grants the welcome bonus once per
/// Telegram user (<see cref="WelcomeBonus"/>), and records who invited them: never themselves, never a second referrer,
/// never for someone already registered; the referrer's count of joined friends goes up once.
/// </summary>
public sealed partial class Registration(
    CustomerDirectory directory, LedgerStore ledger, ReferralStore referrals, ProgramStore program, WelcomeBonus welcome, TimeProvider time, ILogger<Registration> logger)
{
    public async Task<Arrived> StartAsync(CustomerAccount? known, Arrival arrival, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        if (known is not null)
        {
            return await ReturnAsync(known, arrival, cancellationToken);
        }

        var rules = await program.GetAsync(cancellationToken);
        var registered = await directory.RegisterAsync(new NewCustomer(arrival.TelegramUserId, null, arrival.Name, arrival.Language, arrival.ChatId), rules, cancellationToken);
        var account = registered.Value;
        var referrer = await ReferrerAsync(arrival.InviteCode, account.CustomerId, cancellationToken);
        if (referrer is not null && await welcome.WelcomedBeforeAsync(arrival.TelegramUserId, cancellationToken))
        {
            // Someone who erased their account and starts again by a link is no new friend: the invitation must not pay twice.
            referrer = null;
        }

        if (referrer is not null && account.Profile.ReferredBy is null && account.Totals == new LedgerTotals())
        {
            var at = time.GetUtcNow();
            account = (await ledger.UpdateProfileAsync(account.CustomerId, p => p.ReferredBy is null ? p with { ReferredBy = referrer, ReferredAt = at } : p, cancellationToken))?.Value ?? account;
            LogReferred(logger, account.CustomerId, referrer);
        }

        if (referrer is not null && account.Profile.ReferredBy == referrer)
        {
            await referrals.RecordJoinAsync(referrer, account.CustomerId, cancellationToken);
        }

        var bonus = await welcome.GrantAsync(account.CustomerId, arrival.TelegramUserId, cancellationToken);
        return new Arrived(await ledger.GetAccountAsync(account.CustomerId, cancellationToken) ?? account, true, bonus);
    }

    /// <summary>A customer starting again: the chat they write from now, and whatever a first start cut short missed.</summary>
    private async Task<Arrived> ReturnAsync(CustomerAccount known, Arrival arrival, CancellationToken cancellationToken)
    {
        var account = known;
        if (known.Profile.ChatId != arrival.ChatId)
        {
            account = await ledger.UpdateProfileAsync(known.CustomerId, p => p with { ChatId = arrival.ChatId, Unreachable = false }, cancellationToken) is { IsSuccess: true } updated
                ? updated.Value : known;
        }

        // A registration cut short after recording the referrer comes back here on Telegram's retry: count the friend now.
        if (known.Profile.ReferredBy is { } invitedBy && await ReferrerAsync(arrival.InviteCode, known.CustomerId, cancellationToken) == invitedBy)
        {
            await referrals.RecordJoinAsync(invitedBy, known.CustomerId, cancellationToken);
        }

        // Likewise a registration cut short before the welcome bonus: grant it now, and welcome them as the first time.
        if (await welcome.GrantMissedAsync(known, arrival.TelegramUserId, cancellationToken) is > 0 and var late)
        {
            return new Arrived(await ledger.GetAccountAsync(known.CustomerId, cancellationToken) ?? account, true, late);
        }

        return new Arrived(account, false, 0);
    }

    /// <summary>The inviting customer of the code, unless the code is unknown or the customer's own.</summary>
    private async Task<string?> ReferrerAsync(string? inviteCode, string customerId, CancellationToken cancellationToken)
    {
        if (inviteCode is null)
        {
            return null;
        }

        var referrer = await directory.FindAsync(LookupKey.Invite(inviteCode), cancellationToken);
        return referrer == customerId ? null : referrer;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId} joined on the invitation of {ReferrerId}")]
    private static partial void LogReferred(ILogger logger, string customerId, string referrerId);
}
