namespace LoyaltyBot.Functions.Outbox;

/// <summary>What a notification tells the customer; the fields of <see cref="Notification"/> that each kind reads are listed there.</summary>
public enum NotificationKind
{
    PointsEarned,
    PointsClawedBack,
    TierChanged,
    PointsExpiring,
    Birthday,
    ReferralReward,
    Broadcast,

    /// <summary>Points paid at a till with a one-time code.</summary>
    PointsSpent,

    /// <summary>Points of a payment at a till given back when the till cancelled it.</summary>
    PointsRestored,

    /// <summary>Points whose lifetime ended.</summary>
    PointsExpired,

    /// <summary>The invited friend's own bonus for their first purchase.</summary>
    FriendBonus,

    /// <summary>The friend's bonus taken back: the purchase that earned it was returned.</summary>
    FriendBonusRevoked,

    /// <summary>The referrer's reward taken back: the friend's purchase that earned it was returned.</summary>
    ReferralRewardRevoked,

    /// <summary>A personal offer given to the customer.</summary>
    PersonalOffer,

    /// <summary>The last reminder before points expire.</summary>
    PointsLastChance,

    /// <summary>The tier review will lower the tier unless the customer spends more before it.</summary>
    TierWarning,

    /// <summary>The tier review lowered the tier.</summary>
    TierLowered,

    /// <summary>The program owner added or took off points by hand.</summary>
    PointsAdjusted,
}

/// <summary>
/// One message to one customer, as the <c>notifications</c> queue carries it. The sender renders it in the customer's
/// language. <see cref="Id"/> names the event (for example <c>earn-&lt;merchant&gt;-&lt;purchase&gt;</c>): delivery is at
/// least once, so the sender sends each id once.
/// <list type="bullet">
/// <item><c>PointsEarned</c>: <see cref="Points"/> earned, <see cref="Balance"/> after, <see cref="Tier"/> when the purchase
/// raised the tier, <see cref="Date"/> of the purchase, <see cref="MerchantId"/> and <see cref="PurchaseId"/> (for the rating buttons).</item>
/// <item><c>PointsClawedBack</c>: <see cref="Points"/> taken back (positive), <see cref="Balance"/> after, <see cref="MerchantId"/>.</item>
/// <item><c>TierChanged</c>: the new <see cref="Tier"/>, up or down.</item>
/// <item><c>PointsExpiring</c>: <see cref="Points"/> about to expire and the <see cref="Date"/> they expire.</item>
/// <item><c>Birthday</c>: the birthday bonus in <see cref="Points"/> (none for a greeting alone).</item>
/// <item><c>ReferralReward</c>: <see cref="Points"/> for a friend's first purchase, <see cref="Balance"/> after.</item>
/// <item><c>Broadcast</c>: <see cref="Text"/>, sent as the program owner wrote it.</item>
/// <item><c>PointsSpent</c>, <c>PointsRestored</c>: <see cref="Points"/> paid or given back (positive), <see cref="Balance"/> after, <see cref="MerchantId"/>.</item>
/// <item><c>PointsExpired</c>: <see cref="Points"/> expired (positive), <see cref="Balance"/> after.</item>
/// <item><c>FriendBonus</c>: <see cref="Points"/> of the friend's bonus, <see cref="Balance"/> after.</item>
/// <item><c>FriendBonusRevoked</c>, <c>ReferralRewardRevoked</c>: <see cref="Points"/> taken back (positive), <see cref="Balance"/> after.</item>
/// <item><c>PersonalOffer</c>: the offer's name in <see cref="Text"/>, its <see cref="Multiplier"/>, its <see cref="Categories"/> (none: every purchase) and its end in <see cref="Date"/>.</item>
/// <item><c>PointsLastChance</c>: as <c>PointsExpiring</c>, said as the last reminder.</item>
/// <item><c>TierWarning</c>: the <see cref="Tier"/> kept by spending <see cref="Amount"/> more before the review on <see cref="Date"/>.</item>
/// <item><c>TierLowered</c>: the new <see cref="Tier"/>, and the <see cref="Amount"/> more spend that would win back the one before.</item>
/// <item><c>PointsAdjusted</c>: <see cref="Points"/> added (positive) or taken off (negative), <see cref="Balance"/> after.</item>
/// </list>
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
    string? Text = null,
    string? PurchaseId = null,
    decimal? Multiplier = null,
    IReadOnlyList<string>? Categories = null,
    decimal? Amount = null);
