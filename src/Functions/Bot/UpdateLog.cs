using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Bot;

/// <summary>What became of an update that arrived: first to take it, already handled, or being handled by another delivery.</summary>
public enum UpdateClaim
{
    Taken,
    Handled,
    InHand,
}

/// <summary>
/// The <c>update_id</c>s being handled or handled, in the TelegramUpdates table: Telegram re-sends an update it got no
/// 200 for, and a re-sent update must not be applied twice. A row is marked done once its update is handled; a failed
/// update is forgotten again, so that Telegram's retry handles it, and a row left unfinished (a crash, or storage gone
/// before the row could be forgotten) is taken over by a delivery after <see cref="Lease"/>. Update ids only grow, so the
/// partition is a block of 10 000 ids split 16 ways: writes spread out, and old blocks can be dropped whole.
/// </summary>
public sealed class UpdateLog(StorageAccount storage, TimeProvider time)
{
    /// <summary>How long an unfinished update is trusted to be in hand: well past a webhook request's bound.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private readonly TableClient table = storage.Table(TableNames.TelegramUpdates);

    public async Task<UpdateClaim> TryBeginAsync(long updateId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition(updateId), Row(updateId)) { ["ReceivedAt"] = now }, cancellationToken);
            return UpdateClaim.Taken;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            // Delivered before: handled, in hand, or abandoned.
        }

        var row = (await table.GetEntityAsync<TableEntity>(Partition(updateId), Row(updateId), cancellationToken: cancellationToken)).Value;
        if (row.GetBoolean("Done") == true)
        {
            return UpdateClaim.Handled;
        }

        if (row.GetDateTimeOffset("ReceivedAt") is { } began && began + Lease > now)
        {
            return UpdateClaim.InHand;
        }

        try
        {
            row["ReceivedAt"] = now;
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
            return UpdateClaim.Taken;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return UpdateClaim.InHand; // Another delivery took it over first.
        }
    }

    public async Task FinishAsync(long updateId, CancellationToken cancellationToken) =>
        await table.UpdateEntityAsync(new TableEntity(Partition(updateId), Row(updateId)) { ["Done"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    public async Task ForgetAsync(long updateId, CancellationToken cancellationToken) =>
        await table.DeleteEntityAsync(Partition(updateId), Row(updateId), cancellationToken: cancellationToken);

    private static string Partition(long updateId) => string.Create(CultureInfo.InvariantCulture, $"{updateId / 10_000:D12}-{updateId % 16:D2}");

    private static string Row(long updateId) => updateId.ToString(CultureInfo.InvariantCulture);
}
