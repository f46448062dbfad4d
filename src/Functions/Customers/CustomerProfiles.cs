using LoyaltyBot.Domain.Boosts;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Ledger;
using Birthday = LoyaltyBot.Domain.Customers.Birthday;

namespace LoyaltyBot.Functions.Customers;

/// <summary>The account after a birthday was given: <paramref name="Saved"/> when this one was set, else the date set before stands.</summary>
public sealed record BirthdaySaved(CustomerAccount Account, bool Saved);

/// <summary>The changes a customer makes to their own profile, and the ones Telegram tells of.</summary>
public sealed class CustomerProfiles(CustomerDirectory directory, LedgerStore ledger, BirthdayIndex birthdays)
{
    /// <summary>Whether the bot may write to this Telegram user's customer: false once they block it, true when they come back.</summary>
    public async Task SetReachableAsync(long telegramUserId, bool reachable, CancellationToken cancellationToken)
    {
        if (await directory.FindAsync(LookupKey.Telegram(telegramUserId), cancellationToken) is { } customerId)
        {
            await ledger.UpdateProfileAsync(customerId, profile => profile with { Unreachable = !reachable }, cancellationToken);
        }
    }

    /// <summary>The bot may no longer write to this customer (Telegram refused a message: they blocked it) until they start it again.</summary>
    public async Task MarkUnreachableAsync(string customerId, CancellationToken cancellationToken) =>
        await ledger.UpdateProfileAsync(customerId, profile => profile with { Unreachable = true }, cancellationToken);

    public async Task SetLanguageAsync(string customerId, string language, CancellationToken cancellationToken) =>
        await ledger.UpdateProfileAsync(customerId, p => p with { Language = language }, cancellationToken);

    /// <summary>Saves the birthday once, with its index row for the greetings; null when the account is gone.</summary>
    public async Task<BirthdaySaved?> SetBirthdayAsync(string customerId, Birthday birthday, CancellationToken cancellationToken)
    {
        // The index row first: harmless when extra, as the greetings re-check the profile.
        await birthdays.AddAsync(birthday, customerId, cancellationToken);
        var saved = await ledger.UpdateProfileAsync(customerId, p => p.BirthMonth is null
            ? p with { BirthDay = birthday.Day, BirthMonth = birthday.Month, BirthYear = birthday.Year }
            : new LoyaltyError(LoyaltyErrorCode.AlreadyExists, "birthday", "the birthday is set already"), cancellationToken);
        if (saved is { IsSuccess: true } account)
        {
            return new BirthdaySaved(account.Value, true);
        }

        // Set meanwhile (a second chat, a replay): the first date stands, and the row just written goes unless it is that date's.
        var current = await ledger.GetAccountAsync(customerId, cancellationToken);
        if (current is null || current.Profile.BirthMonth != birthday.Month || current.Profile.BirthDay != birthday.Day)
        {
            await birthdays.RemoveAsync(birthday.MonthDay, customerId, cancellationToken);
        }

        return current is null ? null : new BirthdaySaved(current, false);
    }

    /// <summary>
    /// Picks or unpicks the boosted category at <paramref name="index"/> of <paramref name="month"/>'s offer (see
    /// <see cref="BoostedCategories.Toggle"/>); what the press did and the account after it, or null when the account is gone.
    /// </summary>
    public async Task<(BoostChoice Choice, CustomerAccount Account)?> ToggleBoostAsync(
        string customerId, BoostedCategories boosts, BoostMonth month, int index, BoostMonth now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(boosts);
        var choice = BoostChoice.NotOffered;
        // Decided on the row as read, again on a retry after a concurrent change: two quick presses cannot pass the limit.
        var saved = await ledger.UpdateProfileAsync(customerId, profile =>
        {
            (choice, var picks) = boosts.Toggle(profile.BoostPicks, month, index, now);
            return profile with { BoostPicks = picks };
        }, cancellationToken);
        return saved is { IsSuccess: true } account ? (choice, account.Value) : null;
    }
}
