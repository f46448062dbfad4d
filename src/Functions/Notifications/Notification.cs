namespace LoyaltyBot.Functions.Notifications;

public enum NotificationKind
{
    PointsEarned,
    PointsClawedBack,
    TierChanged,
    PointsExpiring,
    Birthday,
    ReferralReward,
    Broadcast,
}

/// <summary>
/// One message to one customer, as the <c>notifications</c> queue carries it. The sender renders it in the customer's
/// language. <see cref="Id"/> names the event (for example <c>earn-&lt;merchant&gt;-&lt;purchase&gt;</c>): delivery is at
/// least once, so the sender sends each id once.
/// </summary>
public sealed record Notification(
    string Id,
    string CustomerId,
    NotificationKind Kind,
    long? Points = null,
    long? Balance = null,
    string? Tier = null,
    DateTimeOffset? Date = null,
    string? MerchantId = null,
    string? Text = null);
