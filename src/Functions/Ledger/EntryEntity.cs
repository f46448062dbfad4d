using Azure.Data.Tables;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Ledger;

/// <summary>Maps a <see cref="LedgerEntry"/> to its <c>tx-</c> row.</summary>
internal static class EntryEntity
{
    public static TableEntity ToEntity(string customerId, LedgerEntry entry) => new(customerId, LedgerKeys.Entry(entry))
    {
        ["Kind"] = entry.Kind.ToString(),
        ["Delta"] = entry.Delta,
        ["BalanceAfter"] = entry.BalanceAfter,
        ["RecordedAt"] = entry.RecordedAt,
        ["OccurredAt"] = entry.OccurredAt,
        ["Operation"] = entry.Operation,
        ["Entry"] = WireJson.Write(entry),
    };

    public static LedgerEntry FromEntity(TableEntity entity) => WireJson.Read<LedgerEntry>(entity.GetString("Entry")!);

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
