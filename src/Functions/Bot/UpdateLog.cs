using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Bot;

/// <summary>
/// The <c>update_id</c>s being handled or handled, in the TelegramUpdates table: Telegram re-sends an update it got no
/// 200 for, and a re-sent update must not be applied twice. A failed update is forgotten again, so that Telegram's retry
/// handles it. Update ids only grow, so the partition is a block of 10 000 ids split 16 ways: writes spread out, and old
/// blocks can be dropped whole.
/// </summary>
public sealed class UpdateLog(StorageAccount storage, TimeProvider time)
{
    private readonly TableClient table = storage.Table(TableNames.TelegramUpdates);

    /// <summary>True for the first delivery of this update; false when it was handled (or is being handled) already.</summary>
    public async Task<bool> TryBeginAsync(long updateId, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition(updateId), Row(updateId)) { ["ReceivedAt"] = time.GetUtcNow() }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task ForgetAsync(long updateId, CancellationToken cancellationToken) =>
        await table.DeleteEntityAsync(Partition(updateId), Row(updateId), cancellationToken: cancellationToken);

    private static string Partition(long updateId) => string.Create(CultureInfo.InvariantCulture, $"{updateId / 10_000:D12}-{updateId % 16:D2}");

    private static string Row(long updateId) => updateId.ToString(CultureInfo.InvariantCulture);
}
