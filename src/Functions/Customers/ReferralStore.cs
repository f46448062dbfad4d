using System.Net;
using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Customers;

/// <summary>
/// The referrer's <see cref="ReferralCounters"/> in one row of their partition of the Customers table, so /invite reads
/// them with one point read instead of searching for the friends. A joined friend is counted together with a
/// <c>friend-&lt;id&gt;</c> row in one transaction, so counting again (a /start handled twice) changes nothing; a reward is
/// counted in the ledger's own transaction (<see cref="LedgerStore.GrantReferrerBonusAsync"/>).
/// </summary>
public sealed class ReferralStore(StorageAccount storage, TimeProvider time)
{
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
