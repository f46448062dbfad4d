using System.Collections.Concurrent;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Merchants;

/// <summary>
/// Merchants, one partition each (PartitionKey = merchantId) in the Merchants table. Secrets are random 256-bit values
/// shown once, at creation or rotation. Lookups are cached briefly, since every webhook call needs one.
/// </summary>
public sealed class MerchantStore(StorageAccount storage, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    /// <summary>How long the previous secret still signs after a rotation, so tills can be updated without downtime.</summary>
    public static readonly TimeSpan RotationGrace = TimeSpan.FromHours(24);

    private const string Row = "merchant";
    private readonly TableClient table = storage.Table(TableNames.Merchants);
    // The lookup itself is cached, so the calls that arrive while it runs share it instead of each reading the row again.
    private readonly ConcurrentDictionary<string, (Lazy<Task<Merchant?>> Lookup, DateTimeOffset ReadAt)> cache = new(StringComparer.Ordinal);

    public async Task<Merchant> CreateAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var merchant = new Merchant("m" + Guid.CreateVersion7().ToString("N")[..20], name.Trim(), NewSecret(), null, null, time.GetUtcNow());
        await table.AddEntityAsync(ToEntity(merchant), cancellationToken);
        return merchant;
    }

    /// <summary>
    /// Up to <paramref name="take"/> merchants whose ids sort after <paramref name="after"/>, oldest first (ids are
    /// time-ordered), without their secrets. One query, never the whole table at once.
    /// </summary>
    public async Task<IReadOnlyList<MerchantSummary>> ListAsync(int take, string? after, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey gt {after ?? ""} and RowKey eq {Row}");
        var page = new List<MerchantSummary>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: take, select: ["PartitionKey", "Name", "CreatedAt"], cancellationToken: cancellationToken))
        {
            page.Add(new MerchantSummary(row.PartitionKey, row.GetString("Name"), row.GetDateTimeOffset("CreatedAt") ?? default));
            if (page.Count == take)
            {
                break;
            }
        }

        return page;
    }

    /// <summary>A new secret; the old one keeps working for <see cref="RotationGrace"/>. Null for an unknown merchant.</summary>
    public async Task<Merchant?> RotateSecretAsync(string merchantId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(merchantId, Row, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var current = FromEntity(row.Value!);
        var rotated = current with { Secret = NewSecret(), PreviousSecret = current.Secret, PreviousSecretValidUntil = time.GetUtcNow() + RotationGrace };
        await table.UpdateEntityAsync(ToEntity(rotated), row.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
        cache.TryRemove(merchantId, out _);
        return rotated;
    }

    public async Task<Merchant?> FindAsync(string merchantId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(merchantId) || merchantId.Length > 64 || !merchantId.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var fresh = (Lookup: new Lazy<Task<Merchant?>>(() => ReadAsync(merchantId)), ReadAt: now);
        var entry = cache.AddOrUpdate(merchantId, fresh, (_, cached) => now - cached.ReadAt < CacheFor ? cached : fresh);
        try
        {
            return await entry.Lookup.Value.WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A failed read is not remembered: the next call tries again.
            cache.TryRemove(new KeyValuePair<string, (Lazy<Task<Merchant?>>, DateTimeOffset)>(merchantId, entry));
            throw;
        }
    }

    private async Task<Merchant?> ReadAsync(string merchantId)
    {
        // Not cancelled by the caller that happened to start it: the others wait for it too.
        var row = await table.GetEntityIfExistsAsync<TableEntity>(merchantId, Row, cancellationToken: CancellationToken.None);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    private static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static TableEntity ToEntity(Merchant m) => new(m.MerchantId, Row)
    {
        ["Name"] = m.Name,
        ["Secret"] = m.Secret,
        ["PreviousSecret"] = m.PreviousSecret,
        ["PreviousSecretValidUntil"] = m.PreviousSecretValidUntil,
        ["CreatedAt"] = m.CreatedAt,
    };

    private static Merchant FromEntity(TableEntity e) => new(
        e.PartitionKey, e.GetString("Name") ?? "", e.GetString("Secret") ?? "", e.GetString("PreviousSecret"),
        e.GetDateTimeOffset("PreviousSecretValidUntil"), e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue);
}
