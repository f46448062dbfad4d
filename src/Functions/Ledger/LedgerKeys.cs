using System.Globalization;
using LoyaltyBot.Domain.Ledger;
using static LoyaltyBot.Functions.Storage.StorageKeys;

namespace LoyaltyBot.Functions.Ledger;

/// <summary>Row keys of a customer's partition in the Customers table.</summary>
internal static class LedgerKeys
{
    public const string Account = "account";
    public const string OperationPrefix = "op-";
    public const string EntryPrefix = "tx-";

    /// <summary>The referrer's counters of friends who joined by their link and of the rewards those brought.</summary>
    public const string Referrals = "referrals";

    /// <summary><c>friend-&lt;customerId&gt;</c>: a friend counted as joined, so counting them is once-only.</summary>
    public static string Friend(string friendId) => $"friend-{Safe(friendId)}";

    /// <summary><c>tier-review-yyyyMM</c>: that month's review lowered the tier. Not an <c>op-</c> marker, which a merge would copy.</summary>
    public static string TierReview(DateOnly review) => $"tier-review-{review.ToString("yyyyMM", CultureInfo.InvariantCulture)}";

    /// <summary><c>op-&lt;source&gt;-&lt;id&gt;</c>; ids with characters a key may not hold are hashed.</summary>
    public static string Operation(OperationKey key) => $"{OperationPrefix}{Safe(key.Source)}-{Safe(key.Id)}";

    /// <summary><c>tx-&lt;inverted ticks&gt;-&lt;id&gt;</c>: newest first, so the latest history is the first page.</summary>
    public static string Entry(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return $"{EntriesRecordedAt(entry.RecordedAt)}-{entry.Id}";
    }

    /// <summary><c>tx-&lt;inverted ticks&gt;</c>: the start of the keys of every entry recorded at <paramref name="recordedAt"/>.</summary>
    public static string EntriesRecordedAt(DateTimeOffset recordedAt) =>
        $"{EntryPrefix}{(DateTimeOffset.MaxValue.UtcTicks - recordedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}";
}
