using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Outbox;

namespace LoyaltyBot.Functions.Customers;

/// <summary>
/// The reward for an invitation, due at the invited friend's first purchase that earns points: the referrer's bonus and
/// the friend's, each under the key <c>referral/&lt;friendId&gt;</c> in their own partition, so a replayed purchase grants
/// nothing more; then a notification to each (to the friend only when the bot can reach them), whose id lets the
/// sender send it once.
/// </summary>
public sealed partial class ReferralReward(LedgerStore ledger, Notifier notifier, ILogger<ReferralReward> logger)
{
    public async Task GrantAsync(string friendId, string referrerId, ProgramRules rules, bool friendCanBeMessaged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (friendId == referrerId)
        {
            return;
        }

        var operation = OperationKey.Of("referral", friendId);
        if (rules.ReferredFriendBonus > 0)
        {
            var friend = await ledger.GrantBonusAsync(friendId, operation, rules.ReferredFriendBonus, ReferralReasons.Friend, rules, cancellationToken);
            if (!friend.IsSuccess)
            {
                LogNotGranted(logger, friendId, friend.Error!.Code);
            }
            else if (friendCanBeMessaged)
            {
                await notifier.EnqueueAsync(new Notification($"friend-bonus-{friendId}", friendId, NotificationKind.FriendBonus,
                    friend.Value.Delta, friend.Value.BalanceAfter), cancellationToken);
            }
        }

        if (rules.ReferrerBonus <= 0)
        {
            return;
        }

        var granted = await ledger.GrantReferrerBonusAsync(referrerId, friendId, rules.ReferrerBonus, rules, cancellationToken);
        if (!granted.IsSuccess)
        {
            // The referrer's account is gone, or the key was used with another amount: nothing to tell them.
            LogNotGranted(logger, referrerId, granted.Error!.Code);
            return;
        }

        LogRewarded(logger, referrerId, friendId, granted.Value.Delta);
        await notifier.EnqueueAsync(new Notification($"referral-{friendId}", referrerId, NotificationKind.ReferralReward,
            granted.Value.Delta, granted.Value.BalanceAfter, Date: granted.Value.RecordedAt), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Referrer {ReferrerId} got {Points} points for the first purchase of {FriendId}")]
    private static partial void LogRewarded(ILogger logger, string referrerId, string friendId, long points);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Referral bonus for customer {CustomerId} not granted: {Reason}")]
    private static partial void LogNotGranted(ILogger logger, string customerId, Domain.Errors.LoyaltyErrorCode reason);
}
