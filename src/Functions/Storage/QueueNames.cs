namespace LoyaltyBot.Functions.Storage;

public static class QueueNames
{
    /// <summary>Merchant events (purchases, refunds) waiting to be applied to the ledger.</summary>
    public const string Purchases = "purchases";

    /// <summary>Outbound Telegram messages, sent within Telegram's rate limits.</summary>
    public const string Notifications = "notifications";

    /// <summary>Pages of a broadcast's accounts waiting to be fanned out onto <see cref="Notifications"/>.</summary>
    public const string Broadcasts = "broadcasts";

    public static readonly IReadOnlyList<string> All =
    [
        Purchases, Notifications, Purchases + StorageAccount.PoisonSuffix, Notifications + StorageAccount.PoisonSuffix,
        Broadcasts, Broadcasts + StorageAccount.PoisonSuffix,
    ];
}
