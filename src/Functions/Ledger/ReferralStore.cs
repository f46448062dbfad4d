using System.Net;
using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Ledger;

/// <summary>What a customer's invitations brought: friends who joined by the link, friends who made a first purchase, and the points that earned.</summary>
public sealed record ReferralCounters(int Joined = 0, int Rewarded = 0, long Earned = 0);

/// <summary>
/// The referrer's <see cref="ReferralCounters"/> in one row of their partition of the Customers table, so /invite reads
/// them with one point read instead of searching for the friends. A joined friend is counted together with a
/// <c>friend-&lt;id&gt;</c> row in one transaction, so counting again (a /start handled twice) changes nothing; a reward is
/// counted in the ledger's own transaction (<see cref="LedgerStore.GrantReferrerBonusAsync"/>).
/// </summary>
public sealed class ReferralStore(StorageAccount storage, TimeProvider time)
{
    /// <summary>The ledger reason of the referrer's bonus.</summary>
    public const string ReferrerReason = "referral";

    /// <summary>The ledger reason of the invited friend's bonus.</summary>
    public const string FriendReason = "referral-friend";

    private readonly TableClient customers = storage.Table(TableNames.Customers);

    public async Task<ReferralCounters> GetAsync(string referrerId, CancellationToken cancellationToken) =>
        ReferralCountersEntity.Read(await customers.GetEntityIfExistsAsync<TableEntity>(referrerId, LedgerKeys.Referrals, cancellationToken: cancellationToken));

    /// <summary>Counts <paramref name="friendId"/> as joined by <paramref name="referrerId"/>'s link, once.</summary>
    public async Task RecordJoinAsync(string referrerId, string friendId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(referrerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(friendId);
        while (true)
        {
            var row = await customers.GetEntityIfExistsAsync<TableEntity>(referrerId, LedgerKeys.Referrals, cancellationToken: cancellationToken);
            var counters = ReferralCountersEntity.Read(row);
            List<TableTransactionAction> batch =
            [
                new(TableTransactionActionType.Add, new TableEntity(referrerId, LedgerKeys.Friend(friendId)) { ["JoinedAt"] = time.GetUtcNow() }),
                ReferralCountersEntity.Write(referrerId, counters with { Joined = counters.Joined + 1 }, row),
            ];
            try
            {
                await customers.SubmitTransactionAsync(batch, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict && ex.FailedTransactionActionIndex == 0)
            {
                return; // Counted before.
            }
            catch (TableTransactionFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                // The counters changed meanwhile: count again on a fresh read.
            }
        }
    }
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
