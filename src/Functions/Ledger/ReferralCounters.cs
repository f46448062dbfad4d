using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Ledger;

/// <summary>
/// What a customer's invitations brought: friends who joined by the link, friends whose purchase rewarded the invitation,
/// the points that earned, and the rewards by month (<c>yyyy-MM</c> in the program's zone, the latest twelve) for the cap.
/// </summary>
public sealed record ReferralCounters(int Joined = 0, int Rewarded = 0, long Earned = 0, IReadOnlyDictionary<string, int>? Months = null)
{
    public int RewardedIn(string month) => Months?.GetValueOrDefault(month) ?? 0;

    /// <summary>One more reward (or one fewer, with -1) of <paramref name="points"/> in <paramref name="month"/>.</summary>
    public ReferralCounters Count(string month, int rewards, long points)
    {
        var months = new SortedDictionary<string, int>(Months?.ToDictionary() ?? [], StringComparer.Ordinal) { [month] = Math.Max(0, RewardedIn(month) + rewards) };
        return this with { Rewarded = Math.Max(0, Rewarded + rewards), Earned = Earned + points, Months = months.TakeLast(12).ToDictionary() };
    }
}

/// <summary>The ledger reasons of the bonuses an invitation brings.</summary>
public static class ReferralReasons
{
    /// <summary>The ledger reason of the referrer's bonus.</summary>
    public const string Referrer = "referral";

    /// <summary>The ledger reason of the invited friend's bonus.</summary>
    public const string Friend = "referral-friend";

    /// <summary>The ledger reason of either bonus taken back when the purchase that earned it was returned.</summary>
    public const string Revoked = "referral-revoked";
}

/// <summary>Maps <see cref="ReferralCounters"/> to the <c>referrals</c> row.</summary>
internal static class ReferralCountersEntity
{
    public static ReferralCounters Read(NullableResponse<TableEntity> row) => row.HasValue
        ? new ReferralCounters(row.Value!.GetInt32("Joined") ?? 0, row.Value.GetInt32("Rewarded") ?? 0, row.Value.GetInt64("Earned") ?? 0,
            row.Value.GetString("Months") is { } months ? WireJson.Read<Dictionary<string, int>>(months) : null)
        : new ReferralCounters();

    /// <summary>Replaces the row read under its ETag, or adds it when there was none, so a concurrent change fails the transaction.</summary>
    public static TableTransactionAction Write(string referrerId, ReferralCounters counters, NullableResponse<TableEntity> read)
    {
        var entity = new TableEntity(referrerId, LedgerKeys.Referrals)
        {
            ["Joined"] = counters.Joined,
            ["Rewarded"] = counters.Rewarded,
            ["Earned"] = counters.Earned,
            ["Months"] = counters.Months is null ? null : WireJson.Write(counters.Months),
        };
        return read.HasValue
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, read.Value!.ETag)
            : new TableTransactionAction(TableTransactionActionType.Add, entity);
    }
}
