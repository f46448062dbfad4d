using Azure.Data.Tables;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Ledger;

/// <summary>
/// Maps a <see cref="LedgerEntry"/> to its <c>tx-</c> row, which also keeps the customer's tier before and after it, so
/// the row tells all that <see cref="CommittedEntry"/> does (rows written before tiers were kept lack them).
/// </summary>
internal static class EntryEntity
{
    private const string TierBefore = "TierBefore";
    private const string TierAfter = "TierAfter";

    public static TableEntity ToEntity(string customerId, LedgerEntry entry, string tierBefore, string tierAfter) => new(customerId, LedgerKeys.Entry(entry))
    {
        [TierBefore] = tierBefore,
        [TierAfter] = tierAfter,
        ["Kind"] = entry.Kind.ToString(),
        ["Delta"] = entry.Delta,
        ["BalanceAfter"] = entry.BalanceAfter,
        ["RecordedAt"] = entry.RecordedAt,
        ["OccurredAt"] = entry.OccurredAt,
        ["Operation"] = entry.Operation,
        ["Entry"] = WireJson.Write(entry),
    };

    public static LedgerEntry FromEntity(TableEntity entity) => WireJson.Read<LedgerEntry>(entity.GetString("Entry")!);

    /// <summary>What the row committed, or null for a row written before entries kept their tiers.</summary>
    public static CommittedEntry? CommittedFromEntity(TableEntity entity) =>
        entity.GetString(TierBefore) is { } before
            ? new CommittedEntry(entity.PartitionKey, entity.GetString("Operation") ?? "", FromEntity(entity) with { Draws = null }, before, entity.GetString(TierAfter))
            : null;

    /// <summary>The entries of the rows <paramref name="filter"/> selects, in key order (newest first), up to <paramref name="take"/>.</summary>
    public static async Task<IReadOnlyList<LedgerEntry>> ReadAsync(TableClient table, string filter, int? take, CancellationToken cancellationToken)
    {
        var entries = new List<LedgerEntry>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: take is null ? 1000 : Math.Clamp(take.Value, 1, 1000), select: ["Entry"], cancellationToken: cancellationToken))
        {
            entries.Add(FromEntity(row));
            if (entries.Count == take)
            {
                break;
            }
        }

        return entries;
    }
}
