using System.Text;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Customers;

/// <summary>
/// CustomerNames: the owner's search of customers by name without reading every account. For each word of a name, a row
/// in the partition of that word's first letter, keyed by the name from that word on and the customer id (<c>петров|c…</c>
/// and <c>иван петров|c…</c> for «Иван Петров»), so a prefix of the first or a later name is one range of one partition.
/// Written with the registration, before the account row, and removed on erasure; readers re-check the account, so
/// a row left over is harmless.
/// </summary>
public sealed class CustomerNameIndex(StorageAccount storage, LedgerStore ledger) : IPersonalData
{
    /// <summary>Enough of a name to tell customers apart; the key stays far below the 1 KiB a table key may hold.</summary>
    public const int MaxKeyLength = 100;
    private const char IdSeparator = '|';
    private readonly TableClient table = storage.Table(TableNames.CustomerNames);

    /// <summary>The form names are filed and searched in: lower case, «ё» as «е», letters and digits in words one space apart.</summary>
    public static string Normalize(string? text)
    {
        var normal = new StringBuilder();
        foreach (var c in (text ?? "").ToLowerInvariant().Replace('ё', 'е'))
        {
            if (char.IsLetterOrDigit(c))
            {
                normal.Append(c);
            }
            else if (normal.Length > 0 && normal[^1] != ' ')
            {
                normal.Append(' ');
            }
        }

        var words = normal.ToString().Trim();
        return words.Length <= MaxKeyLength ? words : words[..MaxKeyLength].TrimEnd();
    }

    public async Task AddAsync(string customerId, string? name, CancellationToken cancellationToken)
    {
        foreach (var (partition, row) in Rows(customerId, name))
        {
            await table.UpsertEntityAsync(new TableEntity(partition, row) { ["CustomerId"] = customerId }, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>Forgets the customer's name: an erasure asks before the profile goes, so the name is still there to find the rows.</summary>
    public async Task EraseAsync(string customerId, long telegramUserId, CancellationToken cancellationToken)
    {
        var name = (await ledger.GetAccountAsync(customerId, cancellationToken))?.Profile.Name;
        foreach (var (partition, row) in Rows(customerId, name))
        {
            await table.DeleteEntityAsync(partition, row, cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// Up to <paramref name="take"/> rows of names with a word starting with <paramref name="prefix"/> (normalized), in key
    /// order, after the row key <paramref name="after"/>: the customer ids and each row's key.
    /// </summary>
    public async Task<IReadOnlyList<(string CustomerId, string Key)>> FindAsync(string prefix, int take, string? after, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var end = prefix[..^1] + (char)(prefix[^1] + 1);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {prefix[..1]} and RowKey ge {prefix} and RowKey lt {end}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {prefix[..1]} and RowKey gt {after} and RowKey lt {end}");
        var found = new List<(string, string)>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: take, select: ["RowKey", "CustomerId"], cancellationToken: cancellationToken))
        {
            found.Add((row.GetString("CustomerId"), row.RowKey));
            if (found.Count == take)
            {
                break;
            }
        }

        return found;
    }

    private static IEnumerable<(string Partition, string Row)> Rows(string customerId, string? name)
    {
        var words = Normalize(name).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Select((_, i) => string.Join(' ', words[i..])).Distinct(StringComparer.Ordinal)
            .Select(tail => (tail[..1], $"{tail}{IdSeparator}{customerId}"));
    }
}
