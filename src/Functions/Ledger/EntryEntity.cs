using Azure.Data.Tables;
using LoyaltyBot.Domain.Ledger;

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
        ["Entry"] = LedgerJson.Write(entry),
    };

    public static LedgerEntry FromEntity(TableEntity entity) => LedgerJson.Read<LedgerEntry>(entity.GetString("Entry")!);
}
