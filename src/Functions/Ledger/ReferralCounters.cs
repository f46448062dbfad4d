using Azure;
using Azure.Data.Tables;

namespace LoyaltyBot.Functions.Ledger;

/// <summary>What a customer's invitations brought: friends who joined by the link, friends who made a first purchase, and the points that earned.</summary>
public sealed record ReferralCounters(int Joined = 0, int Rewarded = 0, long Earned = 0);

/// <summary>The ledger reasons of the bonuses an invitation brings.</summary>
public static class ReferralReasons
{
    /// <summary>The ledger reason of the referrer's bonus.</summary>
    public const string Referrer = "referral";

    /// <summary>The ledger reason of the invited friend's bonus.</summary>
    public const string Friend = "referral-friend";
}

/// <summary>Maps <see cref="ReferralCounters"/> to the <c>referrals</c> row.</summary>
internal static class ReferralCountersEntity
{
    public static ReferralCounters Read(NullableResponse<TableEntity> row) => row.HasValue
        ? new ReferralCounters(row.Value!.GetInt32("Joined") ?? 0, row.Value.GetInt32("Rewarded") ?? 0, row.Value.GetInt64("Earned") ?? 0)
        : new ReferralCounters();

    /// <summary>Replaces the row read under its ETag, or adds it when there was none, so a concurrent change fails the transaction.</summary>
    public static TableTransactionAction Write(string referrerId, ReferralCounters counters, NullableResponse<TableEntity> read)
    {
        var entity = new TableEntity(referrerId, LedgerKeys.Referrals)
        {
            ["Joined"] = counters.Joined,
            ["Rewarded"] = counters.Rewarded,
            ["Earned"] = counters.Earned,
        };
        return read.HasValue
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, read.Value!.ETag)
            : new TableTransactionAction(TableTransactionActionType.Add, entity);
    }
}
