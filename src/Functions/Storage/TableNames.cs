namespace LoyaltyBot.Functions.Storage;

public static class TableNames
{
    public const string Customers = "Customers";
    public const string Lookup = "Lookup";
    public const string ExpiryIndex = "ExpiryIndex";
    public const string BirthdayIndex = "BirthdayIndex";
    public const string Merchants = "Merchants";
    public const string Program = "Program";
    public const string Campaigns = "Campaigns";

    /// <summary>The first answer to each merchant request id, so a replay gets it again and another body gets 409.</summary>
    public const string MerchantRequests = "MerchantRequests";

    /// <summary>Telegram update ids already handled, so a re-sent update is applied once.</summary>
    public const string TelegramUpdates = "TelegramUpdates";

    /// <summary>Per Telegram user: what free text the bot is waiting for.</summary>
    public const string BotState = "BotState";

    /// <summary>One-time redemption codes, one partition per code (its 6 digits), so a till's lookup is a point read.</summary>
    public const string RedemptionCodes = "RedemptionCodes";

    /// <summary>Notification ids already sent, one partition per customer, so a notification delivered twice is sent once.</summary>
    public const string SentNotifications = "SentNotifications";

    /// <summary>Customers' ratings and reviews of their purchases, one partition per customer.</summary>
    public const string Feedback = "Feedback";

    /// <summary>Merchants' failed look-ups of codes, cards and Telegram ids, one partition per merchant and window, to throttle guessing.</summary>
    public const string Throttle = "Throttle";

    /// <summary>Per daily job, the last day it has finished, so that a run after an outage catches up the days missed.</summary>
    public const string JobProgress = "JobProgress";

    /// <summary>Per month's tier review, sharded, the customers whose tier may fall at it.</summary>
    public const string TierReviewIndex = "TierReviewIndex";

    /// <summary>Customers by the words of their names, one partition per first letter, for the owner's search.</summary>
    public const string CustomerNames = "CustomerNames";

    /// <summary>KPI figures per day and shard, kept as operations commit, so a report never reads the ledgers.</summary>
    public const string Kpis = "Kpis";
    /// <summary>The owner's broadcasts, one partition each: what was sent to whom, and how far the fan-out got.</summary>
    public const string Broadcasts = "Broadcasts";

    public static readonly IReadOnlyList<string> All =
    [
        Customers, Lookup, ExpiryIndex, BirthdayIndex, Merchants, Program, Campaigns, MerchantRequests, TelegramUpdates, BotState, RedemptionCodes,
        SentNotifications, Feedback, Throttle, JobProgress,
        TierReviewIndex,
        CustomerNames,
        Kpis,
        Broadcasts,
    ];
}
