using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Ledger;

namespace LoyaltyBot.Functions.Customers;

public enum PhoneCorrectionStatus
{
    /// <summary>The customer has this phone now (bound as the bot binds one, or changed from another).</summary>
    Changed,

    /// <summary>The customer had this very phone already.</summary>
    Unchanged,

    /// <summary>Another customer holds the phone; nothing changed.</summary>
    TakenByAnotherCustomer,
}

/// <summary>What a phone correction did, and the account after it.</summary>
public sealed record PhoneCorrection(PhoneCorrectionStatus Status, CustomerAccount Account);

/// <summary>
/// The program owner's corrections of a customer's profile. A first phone is bound as the bot binds one
/// (<see cref="PhoneBinding"/>: the points of purchases made with it come along); another phone replaces the one held:
/// its Lookup row is claimed first (a phone held by anyone else stops the change), the profile changes next, the old
/// row goes last, so a phone never names two customers and a correction cut short is finished by the next attempt.
/// A birthday is filed under its new day before the profile changes, and the old day's row goes after.
/// </summary>
public sealed partial class ProfileCorrections(
    CustomerDirectory directory, PhoneBinding binding, LedgerStore ledger, BirthdayIndex birthdays, ILogger<ProfileCorrections> logger)
{
    /// <summary>Null when there is no such customer (or none any more: erased, or merged into another).</summary>
    public async Task<PhoneCorrection?> CorrectPhoneAsync(string customerId, PhoneNumber phone, ProgramRules rules, CancellationToken cancellationToken)
    {
        var account = await FindAsync(customerId, cancellationToken);
        if (account is null)
        {
            return null;
        }

        if (account.Profile.Phone == phone.E164)
        {
            return new PhoneCorrection(PhoneCorrectionStatus.Unchanged, account);
        }

        if (account.Profile.Phone is null)
        {
            var bound = await binding.BindAsync(customerId, phone, rules, cancellationToken);
            return bound.Status is PhoneBindingStatus.Bound or PhoneBindingStatus.AlreadyBound
                ? new PhoneCorrection(PhoneCorrectionStatus.Changed, await ledger.GetAccountAsync(customerId, cancellationToken) ?? account)
                : new PhoneCorrection(PhoneCorrectionStatus.TakenByAnotherCustomer, account);
        }

        if (await directory.ClaimOrFindOwnerAsync(LookupKey.Phone(phone), customerId, cancellationToken) != customerId)
        {
            return new PhoneCorrection(PhoneCorrectionStatus.TakenByAnotherCustomer, account);
        }

        var old = account.Profile.Phone;
        var changed = await ledger.UpdateProfileAsync(customerId, p => p with { Phone = phone.E164 }, cancellationToken);
        if (PhoneNumber.Parse(old) is { IsSuccess: true } oldPhone)
        {
            await directory.ReleaseAsync(LookupKey.Phone(oldPhone.Value), customerId, cancellationToken);
        }

        LogPhoneChanged(logger, customerId, phone.Masked);
        return changed is { IsSuccess: true } saved ? new PhoneCorrection(PhoneCorrectionStatus.Changed, saved.Value) : null;
    }

    /// <summary>Sets or replaces the birthday; null when there is no such customer.</summary>
    public async Task<CustomerAccount?> CorrectBirthdayAsync(string customerId, Birthday birthday, CancellationToken cancellationToken)
    {
        var account = await FindAsync(customerId, cancellationToken);
        if (account is null)
        {
            return null;
        }

        // The new day's row first: harmless when extra, as the greetings re-check the profile.
        await birthdays.AddAsync(birthday, customerId, cancellationToken);
        var saved = await ledger.UpdateProfileAsync(customerId, p => p with { BirthDay = birthday.Day, BirthMonth = birthday.Month, BirthYear = birthday.Year }, cancellationToken);
        if (account.Profile is { BirthDay: { } day, BirthMonth: { } month } && BirthdayIndex.MonthDay(month, day) != birthday.MonthDay)
        {
            await birthdays.RemoveAsync(BirthdayIndex.MonthDay(month, day), customerId, cancellationToken);
        }

        LogBirthdayChanged(logger, customerId);
        return saved is { IsSuccess: true } changed ? changed.Value : null;
    }

    /// <summary>A customer whose profile may be corrected: not erased, not merged into another.</summary>
    private async Task<CustomerAccount?> FindAsync(string customerId, CancellationToken cancellationToken) =>
        await ledger.GetAccountAsync(customerId, cancellationToken) is { Profile: { ErasedAt: null, MergedInto: null } } account ? account : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "The program owner changed the phone of customer {CustomerId} to {Phone}")]
    private static partial void LogPhoneChanged(ILogger logger, string customerId, string phone);

    [LoggerMessage(Level = LogLevel.Information, Message = "The program owner changed the birthday of customer {CustomerId}")]
    private static partial void LogBirthdayChanged(ILogger logger, string customerId);
}
