using System.Net;
using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Redemptions;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Redemptions;

/// <summary>A code as the bot shows it to the customer.</summary>
public sealed record IssuedCode(string Code, DateTimeOffset ExpiresAt);

/// <summary>
/// Redemption codes in the RedemptionCodes table, partition = the code's 6 digits, so a till's lookup is one point read
/// and the table never holds more than a million rows: a new code takes over an expired one's digits. Claims and
/// releases replace the row under its ETag, so two tills can never both spend one code. <paramref name="newCode"/> is
/// where the digits come from: <see cref="RedemptionCode.NewValue"/>, unless a test needs them to collide.
/// </summary>
public sealed partial class RedemptionCodeStore(StorageAccount storage, TimeProvider time, ILogger<RedemptionCodeStore> logger, Func<string>? newCode = null)
{
    private const string Row = "-";

    /// <summary>Live codes are few among a million values; twenty draws all landing on live ones means something is wrong.</summary>
    private const int MaxIssueAttempts = 20;

    private readonly TableClient table = storage.Table(TableNames.RedemptionCodes);

    /// <summary>
    /// A fresh code for the customer, valid for <see cref="RedemptionCode.Lifetime"/>. An earlier code of theirs stays
    /// valid until it expires (the customer may have it on screen at another till).
    /// </summary>
    public async Task<IssuedCode> IssueAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        for (var attempt = 1; attempt <= MaxIssueAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var code = RedemptionCode.Issue(customerId, now, newCode?.Invoke());
            if (await TryInsertAsync(code, now, cancellationToken))
            {
                LogIssued(logger, customerId, code.Masked, code.ExpiresAt);
                return new IssuedCode(code.Value, code.ExpiresAt);
            }
        }

        throw new InvalidOperationException($"No free redemption code after {MaxIssueAttempts} attempts.");
    }

    public async Task<RedemptionCode?> FindAsync(string code, CancellationToken cancellationToken) =>
        (await ReadAsync(code, cancellationToken))?.Code;

    /// <summary>
    /// Spends the code for <paramref name="redemption"/> (or finds it spent for it already, a retry); otherwise says why
    /// not, naming the field <c>code</c>.
    /// </summary>
    public async Task<Result<RedemptionCode>> ClaimAsync(string code, OperationKey redemption, CancellationToken cancellationToken)
    {
        while (true)
        {
            var stored = await ReadAsync(code, cancellationToken);
            if (stored is null)
            {
                return new LoyaltyError(LoyaltyErrorCode.RedemptionCodeUnknown, "code", "no such code; the customer can get one in the bot");
            }

            var claimed = stored.Code.ClaimFor(redemption, time.GetUtcNow());
            if (!claimed.IsSuccess || claimed.Value == stored.Code || await TryReplaceAsync(claimed.Value, stored.ETag, cancellationToken))
            {
                return claimed;
            }

            // Another till claimed or released it first: look again.
        }
    }

    /// <summary>Makes the code usable again when <paramref name="redemption"/>, which holds it, could not be applied.</summary>
    public async Task ReleaseAsync(string code, OperationKey redemption, CancellationToken cancellationToken)
    {
        while (await ReadAsync(code, cancellationToken) is { } stored)
        {
            var released = stored.Code.ReleaseFor(redemption);
            if (released == stored.Code || await TryReplaceAsync(released, stored.ETag, cancellationToken))
            {
                return;
            }
        }
    }

    private async Task<bool> TryInsertAsync(RedemptionCode code, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(ToEntity(code), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            // The digits belong to another code: take them over only once it has expired.
            var existing = await ReadAsync(code.Value, cancellationToken);
            return existing is not null && existing.Code.IsReplaceableAt(now) && await TryReplaceAsync(code, existing.ETag, cancellationToken);
        }
    }

    private async Task<bool> TryReplaceAsync(RedemptionCode code, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(ToEntity(code), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task<StoredCode?> ReadAsync(string code, CancellationToken cancellationToken)
    {
        if (!RedemptionCode.IsWellFormed(code))
        {
            return null;
        }

        var row = await table.GetEntityIfExistsAsync<TableEntity>(code, Row, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var entity = row.Value!;
        var stored = new RedemptionCode(entity.PartitionKey, entity.GetString("CustomerId")!, entity.GetDateTimeOffset("IssuedAt")!.Value,
            entity.GetDateTimeOffset("ExpiresAt")!.Value, entity.GetString("UsedBy"));
        return new StoredCode(stored, entity.ETag);
    }

    private static TableEntity ToEntity(RedemptionCode code) => new(code.Value, Row)
    {
        ["CustomerId"] = code.CustomerId,
        ["IssuedAt"] = code.IssuedAt,
        ["ExpiresAt"] = code.ExpiresAt,
        ["UsedBy"] = code.UsedBy,
    };

    private sealed record StoredCode(RedemptionCode Code, ETag ETag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued redemption code {Code} to customer {CustomerId}, valid until {ExpiresAt:O}")]
    private static partial void LogIssued(ILogger logger, string customerId, string code, DateTimeOffset expiresAt);
}
