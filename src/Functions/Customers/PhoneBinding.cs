using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Ledger;

namespace LoyaltyBot.Functions.Customers;

public enum PhoneBindingStatus
{
    /// <summary>The phone is the customer's now (with the points of any purchases made with it before).</summary>
    Bound,

    /// <summary>This very phone was bound before.</summary>
    AlreadyBound,

    /// <summary>The customer has another phone; changing it goes through the program owner.</summary>
    HasAnotherPhone,

    /// <summary>Another registered customer holds the phone.</summary>
    TakenByAnotherCustomer,
}

public sealed record PhoneBindingOutcome(PhoneBindingStatus Status, string Phone, long PointsMoved = 0);

/// <summary>
/// Binds a phone to a customer of the bot. A phone that merchants' purchases already opened an account for (no Telegram
/// user) brings that account's points along. The steps, each idempotent, so that any attempt cut short is finished by
/// the next: (1) the customer's profile records <c>MergedFrom</c>; (2) the lookup row <c>phone-&lt;E.164&gt;</c> is
/// re-pointed to the customer under its ETag, so purchases and refunds from now on come here; (3) the phone account is
/// emptied and sealed (a transfer-out keyed <c>merge/&lt;customer&gt;</c>), after which it takes no operation that resolved
/// it before step 2; (4) its idempotency markers are copied here, insert only, so refunds of its purchases and
/// redelivered messages find them; (5) the transfer-in keyed <c>merge/&lt;phone account&gt;</c>; (6) the profile's phone, last.
/// </summary>
public sealed partial class PhoneBinding(CustomerDirectory directory, LedgerStore ledger, ILogger<PhoneBinding> logger)
{
    private const int MaxRounds = 5;

    public async Task<PhoneBindingOutcome> BindAsync(string customerId, PhoneNumber phone, ProgramRules rules, CancellationToken cancellationToken)
    {
        var account = await ledger.GetAccountAsync(customerId, cancellationToken) ?? throw new InvalidOperationException($"No customer {customerId}.");
        if (account.Profile.Phone is { } bound)
        {
            if (bound != phone.E164)
            {
                return new PhoneBindingOutcome(PhoneBindingStatus.HasAnotherPhone, bound);
            }

            // Answered again (an update retried after its reply failed): the transfer's replay says what it moved.
            var moved = account.Profile.MergedFrom is { } from && await ledger.TransferOutAsync(from, customerId, cancellationToken) is { IsSuccess: true } transfer
                ? transfer.Value.Points : 0;
            return new PhoneBindingOutcome(PhoneBindingStatus.AlreadyBound, bound, moved);
        }

        if (account.Profile.MergedFrom is { } pending)
        {
            // A merge cut short is finished first, with the phone it began with.
            var from = (await ledger.GetAccountAsync(pending, cancellationToken))?.Profile;
            if (from is { Phone: { } begun } && (from.MergedInto is null || from.MergedInto == customerId) && PhoneNumber.Parse(begun) is { IsSuccess: true } parsed)
            {
                phone = parsed.Value;
            }
            else
            {
                await ForgetMergeAsync(customerId, pending, cancellationToken);
            }
        }

        var key = LookupKey.Phone(phone);
        for (var round = 0; round < MaxRounds; round++)
        {
            var owner = await directory.ClaimOrFindOwnerAsync(key, customerId, cancellationToken);
            if (owner == customerId)
            {
                return await CompleteAsync(customerId, phone, rules, cancellationToken);
            }

            var other = await ledger.GetAccountAsync(owner, cancellationToken);
            if (other is { Profile.TelegramUserId: not null } || (other?.Profile.MergedInto is { } into && into != customerId))
            {
                await ForgetMergeAsync(customerId, owner, cancellationToken);
                // The phone of the very customer who invited this one: a second account of theirs, whose invitation must not pay.
                await ledger.UpdateProfileAsync(customerId, p => p.ReferredBy == owner && p.ReferralPurchase is null ? p with { ReferralRevoked = true } : p, cancellationToken);
                return new PhoneBindingOutcome(PhoneBindingStatus.TakenByAnotherCustomer, phone.E164);
            }

            // A phone-keyed account (or a claim whose registration never finished): note it before the phone moves.
            if (other is not null)
            {
                var noted = await ledger.UpdateProfileAsync(customerId, p => p.MergedFrom is null || p.MergedFrom == owner
                    ? p with { MergedFrom = owner }
                    : new LoyaltyError(LoyaltyErrorCode.AlreadyExists, "phone", "another merge is under way"), cancellationToken);
                if (noted is not { IsSuccess: true })
                {
                    return new PhoneBindingOutcome(PhoneBindingStatus.TakenByAnotherCustomer, phone.E164);
                }
            }

            if (!await directory.RepointAsync(key, owner, customerId, cancellationToken))
            {
                // Someone else took the phone first: let go of this merge and look again.
                await ForgetMergeAsync(customerId, owner, cancellationToken);
            }
        }

        throw new InvalidOperationException($"The lookup {key} kept changing hands.");
    }

    /// <summary>Steps 3 to 6, once the phone's lookup row names the customer.</summary>
    private async Task<PhoneBindingOutcome> CompleteAsync(string customerId, PhoneNumber phone, ProgramRules rules, CancellationToken cancellationToken)
    {
        var account = await ledger.GetAccountAsync(customerId, cancellationToken) ?? throw new InvalidOperationException($"No customer {customerId}.");
        var moved = 0L;
        if (account.Profile.MergedFrom is { } from)
        {
            var transfer = await ledger.TransferOutAsync(from, customerId, cancellationToken);
            if (!transfer.IsSuccess)
            {
                throw new InvalidOperationException($"Customer {from} could not be merged into {customerId}: {transfer.Error!.Code}.");
            }

            var markers = await ledger.CopyMarkersAsync(from, customerId, cancellationToken);
            var received = await ledger.TransferInAsync(transfer.Value, rules, cancellationToken);
            if (!received.IsSuccess)
            {
                throw new InvalidOperationException($"Customer {customerId} could not receive the points of {from}: {received.Error!.Code}.");
            }

            moved = received.Value.Delta;
            LogMerged(logger, from, customerId, moved, transfer.Value.Lots.Count, markers);
        }

        // Before the profile's phone, the last step: a binding cut short after it would not come this way again to be counted.
        await ledger.PhoneBoundAsync(account, cancellationToken);
        await ledger.UpdateProfileAsync(customerId, p => p.Phone is null ? p with { Phone = phone.E164 } : p, cancellationToken);
        LogBound(logger, customerId, phone.Masked);
        return new PhoneBindingOutcome(PhoneBindingStatus.Bound, phone.E164, moved);
    }

    private async Task ForgetMergeAsync(string customerId, string from, CancellationToken cancellationToken) =>
        await ledger.UpdateProfileAsync(customerId, p => p.MergedFrom == from && p.Phone is null ? p with { MergedFrom = null } : p, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {FromId} was merged into {CustomerId}: {Points} points in {Lots} lots, {Markers} markers copied")]
    private static partial void LogMerged(ILogger logger, string fromId, string customerId, long points, int lots, int markers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId} bound the phone {Phone}")]
    private static partial void LogBound(ILogger logger, string customerId, string phone);
}
