using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Functions.Ledger;

namespace LoyaltyBot.Functions.Customers;

/// <summary>
/// Erases a customer's personal data and every way of finding them, keeping the anonymous ledger (account row with its
/// lots, totals and tier, entries, markers) under the opaque customer id, and a hash of the Telegram user id if they had
/// the welcome bonus (<see cref="WelcomeBonus"/>); what other features keep of them (<see cref="IPersonalData"/>) goes too. Idempotent, and ordered so that an erasure cut short is finished by the
/// next attempt: that hash first, index and lookup rows next, then the profile, and the Telegram lookup (the way back to
/// this account) last.
/// </summary>
public sealed partial class Erasure(
    CustomerDirectory directory, LedgerStore ledger, BirthdayIndex birthdays, IEnumerable<IPersonalData> keepers, WelcomeBonus welcome,
    TimeProvider time, ILogger<Erasure> logger)
{
    public async Task EraseAsync(string customerId, long telegramUserId, CancellationToken cancellationToken)
    {
        var account = await ledger.GetAccountAsync(customerId, cancellationToken);
        if (account is null)
        {
            return;
        }

        var userId = account.Profile.TelegramUserId ?? telegramUserId;
        // Before the way back goes: the account this user registers next must find that they had the welcome bonus.
        await welcome.RememberAsync(customerId, userId, cancellationToken);
        await ReleaseLookupsAsync(account.Profile, customerId, cancellationToken);
        if (account.Profile is { BirthDay: { } day, BirthMonth: { } month })
        {
            await birthdays.RemoveAsync(BirthdayIndex.MonthDay(month, day), customerId, cancellationToken);
        }

        foreach (var keeper in keepers)
        {
            await keeper.EraseAsync(customerId, telegramUserId, cancellationToken);
        }

        // The phone-keyed account this one took over still holds the phone (and its own card and invite lookups).
        if (account.Profile.MergedFrom is { } mergedFrom && await ledger.GetAccountAsync(mergedFrom, cancellationToken) is { } merged)
        {
            await ReleaseLookupsAsync(merged.Profile, mergedFrom, cancellationToken, customerId);
            await ledger.UpdateProfileAsync(mergedFrom, p => Erased(p, time.GetUtcNow()), cancellationToken);
        }

        await ledger.UpdateProfileAsync(customerId, p => Erased(p, time.GetUtcNow()), cancellationToken);
        await directory.ReleaseAsync(LookupKey.Telegram(userId), customerId, cancellationToken);
        LogErased(logger, customerId);
    }

    /// <summary>What stays: the language (no one's identity), the merge links between the two anonymous ids, and when.</summary>
    public static CustomerProfile Erased(CustomerProfile profile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new CustomerProfile
        {
            CardNumber = "",
            InviteCode = "",
            Language = profile.Language,
            Unreachable = true,
            MergedFrom = profile.MergedFrom,
            MergedInto = profile.MergedInto,
            ErasedAt = profile.ErasedAt ?? now,
        };
    }

    /// <summary>The profile's phone, card and invite rows; the phone's may name <paramref name="mergedInto"/> instead, once re-pointed.</summary>
    private async Task ReleaseLookupsAsync(CustomerProfile profile, string customerId, CancellationToken cancellationToken, string? mergedInto = null)
    {
        if (profile.Phone is { } phone && PhoneNumber.Parse(phone) is { IsSuccess: true } parsed)
        {
            await directory.ReleaseAsync(LookupKey.Phone(parsed.Value), customerId, cancellationToken);
            if (mergedInto is not null)
            {
                await directory.ReleaseAsync(LookupKey.Phone(parsed.Value), mergedInto, cancellationToken);
            }
        }

        if (CardNumber.Parse(profile.CardNumber) is { IsSuccess: true } card)
        {
            await directory.ReleaseAsync(LookupKey.Card(card.Value), customerId, cancellationToken);
        }

        if (!string.IsNullOrEmpty(profile.InviteCode))
        {
            await directory.ReleaseAsync(LookupKey.Invite(profile.InviteCode), customerId, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId} had their personal data erased; the anonymous ledger stays")]
    private static partial void LogErased(ILogger logger, string customerId);
}
