using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Outbox;

namespace LoyaltyBot.Functions.Customers;

/// <summary>
/// The reward for an invitation, due at the invited friend's first purchase of at least the program's minimum: the
/// friend's bonus and the referrer's, each under the key <c>referral/&lt;friendId&gt;</c> in their own partition, so a
/// replayed purchase grants nothing more; then a notification to each (to the friend only when the bot can reach them),
/// whose id lets the sender send it once. Neither is granted when the two are one person (the same phone) or each
/// invited the other; the referrer's is refused beyond their monthly cap. A refund of that purchase within the return
/// window takes both bonuses back (<see cref="RevokeAsync"/>).
/// </summary>
public sealed partial class ReferralReward(LedgerStore ledger, Notifier notifier, ILogger<ReferralReward> logger)
{
    public async Task GrantAsync(string friendId, string referrerId, PurchaseRecord purchase, ProgramRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        ArgumentNullException.ThrowIfNull(rules);
        var friend = await ledger.GetAccountAsync(friendId, cancellationToken);
        var referrer = await ledger.GetAccountAsync(referrerId, cancellationToken);
        if (friend is null || referrer is null || friendId == referrerId || referrer.Profile.ReferredBy == friendId
            || (friend.Profile.Phone is { } phone && referrer.Profile.Phone == phone))
        {
            LogRefused(logger, friendId, referrerId);
            return;
        }

        var operation = OperationKey.Of("referral", friendId);
        if (rules.ReferredFriendBonus > 0)
        {
            var granted = await ledger.GrantBonusAsync(friendId, operation, rules.ReferredFriendBonus, ReferralReasons.Friend, rules, cancellationToken);
            if (!granted.IsSuccess)
            {
                LogNotGranted(logger, friendId, granted.Error!.Code);
            }
            else if (friend.Profile.CanBeMessaged)
            {
                await notifier.EnqueueAsync(new Notification($"friend-bonus-{friendId}", friendId, NotificationKind.FriendBonus,
                    granted.Value.Delta, granted.Value.BalanceAfter), cancellationToken);
            }
        }

        if (rules.ReferrerBonus <= 0)
        {
            return;
        }

        var rewarded = await ledger.GrantReferrerBonusAsync(referrerId, friendId, Month(purchase, rules), rules.ReferrerBonus, rules, cancellationToken);
        if (!rewarded.IsSuccess)
        {
            // The referrer's account is gone, the invitation may not pay, or the key was used with another amount.
            LogNotGranted(logger, referrerId, rewarded.Error!.Code);
            return;
        }

        LogRewarded(logger, referrerId, friendId, rewarded.Value.Delta);
        await notifier.EnqueueAsync(new Notification($"referral-{friendId}", referrerId, NotificationKind.ReferralReward,
            rewarded.Value.Delta, rewarded.Value.BalanceAfter, Date: rewarded.Value.RecordedAt), cancellationToken);
    }

    /// <summary>Takes back both bonuses of the invitation that <paramref name="purchase"/> rewarded, once, and tells each.</summary>
    public async Task RevokeAsync(string friendId, string referrerId, PurchaseRecord purchase, ProgramRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var (customerId, kind) in new[] { (friendId, NotificationKind.FriendBonusRevoked), (referrerId, NotificationKind.ReferralRewardRevoked) })
        {
            if (await ledger.RevokeReferralBonusAsync(customerId, friendId, Month(purchase, rules), cancellationToken) is { } taken)
            {
                LogRevoked(logger, customerId, friendId, -taken.Delta);
                await notifier.EnqueueAsync(new Notification($"referral-revoked-{friendId}", customerId, kind, -taken.Delta, taken.BalanceAfter), cancellationToken);
            }
        }
    }

    /// <summary>The calendar month of the purchase in the program's zone, which the referrer's cap counts in.</summary>
    private static string Month(PurchaseRecord purchase, ProgramRules rules) =>
        TimeZoneInfo.ConvertTime(purchase.OccurredAt, rules.Zone).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The invitation of {FriendId} by {ReferrerId} pays nothing: one person, or each invited the other")]
    private static partial void LogRefused(ILogger logger, string friendId, string referrerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId} gave back {Points} points of the invitation of {FriendId}: its purchase was returned")]
    private static partial void LogRevoked(ILogger logger, string customerId, string friendId, long points);

    [LoggerMessage(Level = LogLevel.Information, Message = "Referrer {ReferrerId} got {Points} points for the first purchase of {FriendId}")]
    private static partial void LogRewarded(ILogger logger, string referrerId, string friendId, long points);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Referral bonus for customer {CustomerId} not granted: {Reason}")]
    private static partial void LogNotGranted(ILogger logger, string customerId, Domain.Errors.LoyaltyErrorCode reason);
}
