using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Notifications;

/// <summary>
/// Which notification ids went out: the SentNotifications table, one partition per customer (a broadcast to every customer
/// writes as many partitions as there are customers, so none is hot), one row per id. A delivery claims the row before it
/// sends and marks it afterwards, so two deliveries of one id never both send; one that failed gives its claim back.
/// </summary>
public sealed class SentNotifications(StorageAccount storage, TimeProvider time)
{
    /// <summary>A claim this old belongs to a delivery that died mid-way; it is taken over (the message may then go twice).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    private const string Sending = "sending";
    private static readonly TimeSpan RecheckEvery = TimeSpan.FromMilliseconds(250);
    private readonly TableClient table = storage.Table(TableNames.SentNotifications);

    /// <summary>The right to send <paramref name="notificationId"/>; null when it went out already.</summary>
    public async Task<Claim?> ClaimAsync(string customerId, string notificationId, CancellationToken cancellationToken)
    {
        var key = StorageKeys.Safe(notificationId);
        while (true)
        {
            try
            {
                var added = await table.AddEntityAsync(Row(customerId, key, Sending), cancellationToken);
                return new Claim(customerId, key, added.Headers.ETag ?? ETag.All);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Claimed before: see by whom and how it ended.
            }

            var row = await table.GetEntityIfExistsAsync<TableEntity>(customerId, key, cancellationToken: cancellationToken);
            if (!row.HasValue)
            {
                continue; // Given back meanwhile.
            }

            if (row.Value!.GetString("State") != Sending)
            {
                return null;
            }

            if (time.GetUtcNow() - (row.Value.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue) > StaleAfter)
            {
                try
                {
                    var taken = await table.UpdateEntityAsync(Row(customerId, key, Sending), row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                    return new Claim(customerId, key, taken.Headers.ETag ?? ETag.All);
                }
                catch (RequestFailedException ex) when (ex.Status == 412)
                {
                    continue; // Someone else took it over first.
                }
            }

            // Another delivery of the same id is sending it right now (a duplicate message): wait to see how it ends.
            await Task.Delay(RecheckEvery, time, cancellationToken);
        }
    }

    /// <summary>Records how the claimed notification ended (sent, or why it never will be); it is not sent again.</summary>
    public async Task CompleteAsync(Claim claim, string outcome)
    {
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            // Not cancelled: the message went out, and that must be written down even while the app stops.
            await table.UpdateEntityAsync(Row(claim.CustomerId, claim.RowKey, outcome), claim.ETag, TableUpdateMode.Replace, CancellationToken.None);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Taken over as stale meanwhile: the one who took it records the end.
        }
    }

    /// <summary>Gives the claim back after a failure, so the message's next try sends it.</summary>
    public async Task ReleaseAsync(Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            await table.DeleteEntityAsync(claim.CustomerId, claim.RowKey, claim.ETag, CancellationToken.None);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Taken over meanwhile.
        }
    }

    private TableEntity Row(string customerId, string key, string state) => new(customerId, key) { ["State"] = state, ["At"] = time.GetUtcNow() };

    public sealed record Claim(string CustomerId, string RowKey, ETag ETag);
}
