using Azure.Data.Tables;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Customers;

/// <summary>Where a search goes on: the source (<see cref="CustomerSearch"/>) and the last key it read there (none: from its start).</summary>
public readonly record struct SearchPosition(string Source, string? After);

/// <summary>
/// A page of customers (erased and merged accounts left out, so it may hold fewer than asked) and, when more may follow,
/// where the next page starts.
/// </summary>
public sealed record CustomerPage(IReadOnlyList<CustomerAccount> Customers, SearchPosition? Next);

/// <summary>
/// The owner's list and search of customers, a page at a time, each page one range of one table: every account in
/// customer id order (ids grow with time, so the oldest first); digits, as the start of a phone (from its country code,
/// or a whole number in any format) and then of a card number, over the Lookup table's sorted keys; words, as the start
/// of a name's word, over <see cref="CustomerNameIndex"/>. Every hit is checked against its account.
/// </summary>
public sealed class CustomerSearch(StorageAccount storage, CustomerNameIndex names, LedgerStore ledger)
{
    public const string All = "all";
    public const string Name = "name";
    public const string Phone = "phone";
    public const string Card = "card";
    private readonly TableClient customers = storage.Table(TableNames.Customers);
    private readonly TableClient lookup = storage.Table(TableNames.Lookup);

    /// <summary>The sources a query searches, in order: none for a query with nothing to search by.</summary>
    public static IReadOnlyList<string> SourcesOf(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [All];
        }

        var digits = Digits(query);
        if (digits is not null)
        {
            // A '+' says phone; a card has 12 digits.
            return query.TrimStart().StartsWith('+') || digits.Length > 12 ? [Phone] : [Phone, Card];
        }

        return CustomerNameIndex.Normalize(query).Length == 0 ? [] : [Name];
    }

    public async Task<CustomerPage> FindAsync(string? query, int take, SearchPosition position, CancellationToken cancellationToken)
    {
        var sources = SourcesOf(query);
        var source = sources.ToList().IndexOf(position.Source);
        if (source < 0)
        {
            throw new ArgumentException($"The query does not search {position.Source}.", nameof(position));
        }

        var (ids, last) = position.Source switch
        {
            All => await AccountsAsync(take + 1, position.After, cancellationToken),
            Name => Split(await names.FindAsync(CustomerNameIndex.Normalize(query), take + 1, position.After, cancellationToken)),
            Phone => await LookupsAsync(LookupKey.PhonePrefix + "+" + PhoneDigits(query!), take + 1, position.After, cancellationToken),
            _ => await LookupsAsync(LookupKey.CardPrefix + Digits(query!), take + 1, position.After, cancellationToken),
        };

        // One row more than the page tells whether this source has more; when it has not, the next source follows.
        SearchPosition? next = ids.Count > take ? new SearchPosition(position.Source, last[take - 1])
            : source + 1 < sources.Count ? new SearchPosition(sources[source + 1], null)
            : null;
        var accounts = await Task.WhenAll(ids.Take(take).Distinct(StringComparer.Ordinal).Select(id => ledger.GetAccountAsync(id, cancellationToken)));
        return new CustomerPage([.. accounts.OfType<CustomerAccount>().Where(a => a.Profile is { ErasedAt: null, MergedInto: null })], next);
    }

    /// <summary>The query's digits when it is written as a number (digits, spaces and <c>+ - ( ) .</c>), else null.</summary>
    private static string? Digits(string query)
    {
        var text = query.Trim();
        if (text.Length == 0 || !text.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.'))
        {
            return null;
        }

        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        return digits.Length == 0 ? null : digits;
    }

    /// <summary>A whole phone number in any format as its E.164 digits (<c>8 912…</c> is <c>7912…</c>); a part as typed.</summary>
    private static string PhoneDigits(string query) =>
        PhoneNumber.Parse(query) is { IsSuccess: true } phone ? phone.Value.E164[1..] : Digits(query)!;

    private async Task<(List<string> Ids, List<string> Keys)> AccountsAsync(int take, string? after, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey gt {after ?? ""} and RowKey eq {LedgerKeys.Account}");
        return await ReadAsync(customers.QueryAsync<TableEntity>(filter, maxPerPage: take, select: ["PartitionKey"], cancellationToken: cancellationToken), r => r.PartitionKey, take);
    }

    private async Task<(List<string> Ids, List<string> Keys)> LookupsAsync(string prefix, int take, string? after, CancellationToken cancellationToken)
    {
        var end = prefix[..^1] + (char)(prefix[^1] + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey gt {after ?? ""} and PartitionKey lt {end}");
        return await ReadAsync(lookup.QueryAsync<TableEntity>(filter, maxPerPage: take, select: ["PartitionKey", "CustomerId"], cancellationToken: cancellationToken), r => r.GetString("CustomerId"), take);
    }

    private static async Task<(List<string> Ids, List<string> Keys)> ReadAsync(
        Azure.AsyncPageable<TableEntity> rows, Func<TableEntity, string> idOf, int take)
    {
        var (ids, keys) = (new List<string>(), new List<string>());
        await foreach (var row in rows)
        {
            ids.Add(idOf(row));
            keys.Add(row.PartitionKey);
            if (ids.Count == take)
            {
                break;
            }
        }

        return (ids, keys);
    }

    private static (List<string> Ids, List<string> Keys) Split(IReadOnlyList<(string CustomerId, string Key)> rows) =>
        ([.. rows.Select(r => r.CustomerId)], [.. rows.Select(r => r.Key)]);
}
