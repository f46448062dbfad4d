using System.Net;
using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Merchants;

public enum RequestRecord
{
    /// <summary>The first time this id was seen: go on and act on it.</summary>
    New,

    /// <summary>Seen before with the same content: answer as the first time.</summary>
    Replay,

    /// <summary>Seen before with other content: 409.</summary>
    Conflict,
}

/// <summary>
/// The merchant's own ids (<c>purchaseId</c>, <c>refundId</c>, <c>redemptionId</c>) in the MerchantRequests table, one partition per request
/// (<c>&lt;merchant&gt;-&lt;kind&gt;-&lt;id&gt;</c>) so that no partition is hot. The record is inserted before the request is
/// queued: a replay finds it and is queued again (the ledger applies it once), another body under the same id is refused.
/// It also keeps the validated message, which is how a refund finds the customer of its purchase.
/// </summary>
public sealed class RequestLog(StorageAccount storage, TimeProvider time) : IReceivedPurchases
{
    private const string Row = "-";
    private readonly TableClient table = storage.Table(TableNames.MerchantRequests);

    public async Task<RequestRecord> RecordAsync(string merchantId, string kind, string id, string message, CancellationToken cancellationToken)
    {
        var fingerprint = StorageKeys.Fingerprint(kind, message);
        var entity = new TableEntity(Partition(merchantId, kind, id), Row) { ["Fingerprint"] = fingerprint, ["ReceivedAt"] = time.GetUtcNow() };
        LargeText.Write(entity, "Message", message);
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return RequestRecord.New;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            var first = await table.GetEntityAsync<TableEntity>(entity.PartitionKey, Row, select: ["Fingerprint"], cancellationToken: cancellationToken);
            return first.Value.GetString("Fingerprint") == fingerprint ? RequestRecord.Replay : RequestRecord.Conflict;
        }
    }

    /// <summary>The message recorded for this id, or null when none was received.</summary>
    public async Task<string?> FindMessageAsync(string merchantId, string kind, string id, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(merchantId, kind, id), Row, cancellationToken: cancellationToken);
        return row.HasValue ? LargeText.Read(row.Value!, "Message") : null;
    }

    public async Task<PurchaseMessage?> FindAsync(string merchantId, string purchaseId, CancellationToken cancellationToken) =>
        await FindMessageAsync(merchantId, RequestKinds.Purchase, purchaseId, cancellationToken) is { } message ? WireJson.Read<PurchaseMessage>(message) : null;

    /// <summary>Forgets an id whose request was refused after it was recorded, so that it may be used again.</summary>
    public async Task ForgetAsync(string merchantId, string kind, string id, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(Partition(merchantId, kind, id), Row, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // Forgotten already.
        }
    }

    private static string Partition(string merchantId, string kind, string id) => StorageKeys.Safe($"{merchantId}-{kind}-{id}");
}
