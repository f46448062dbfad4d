using System.Globalization;
using System.Text;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;

namespace LoyaltyBot.Functions.Admin;

/// <summary>A page of a customer's ledger, newest first; <see cref="ContinuationToken"/>, when present, asks for the next page.</summary>
public sealed record LedgerView(string CustomerId, IReadOnlyList<EntryView> Entries, string? ContinuationToken);

/// <summary>
/// <c>GET /api/admin/customers/{customerId}/ledger</c>, a page at a time, and <c>…/ledger.csv</c>, every entry, for the
/// accountant: both newest first, read a range of the customer's partition at a time.
/// </summary>
internal static class LedgerAdmin
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;
    public const string CsvType = "text/csv; charset=utf-8";

    /// <summary>The CSV's columns, in order.</summary>
    public static readonly string[] Columns =
        ["entryId", "recordedAt", "occurredAt", "kind", "points", "balanceAfter", "merchantId", "operationId", "amount", "currency", "note", "by"];

    public static async Task<IResult> PageAsync(HttpRequest request, LedgerStore ledger, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var pageSize = PageQuery.Size(request.Query, DefaultPageSize, MaxPageSize, errors);
        var after = PageQuery.Position(request.Query, errors);
        if (after is not null && !after.StartsWith(LedgerKeys.EntryPrefix, StringComparison.Ordinal))
        {
            errors.Add(PageQuery.ContinuationToken, "must be the continuationToken of the previous page");
        }

        if (errors.Any)
        {
            return AdminEndpoints.Invalid(errors);
        }

        var customerId = request.Route("customerId");
        if (!await ExistsAsync(customerId, ledger, cancellationToken))
        {
            return NoSuchCustomer();
        }

        var page = await ledger.ReadEntriesPageAsync(customerId, pageSize, after, cancellationToken);
        return Results.Ok(new LedgerView(customerId, [.. page.Entries.Select(EntryView.Of)], PageQuery.Token(page.Next)));
    }

    /// <summary>
    /// Every entry as CSV (RFC 4180: a header row, comma-separated, quoted where needed, CRLF), written as it is read.
    /// UTF-8 with a byte order mark, so that spreadsheet programs read the Cyrillic of notes and names as such.
    /// </summary>
    public static async Task<IResult> CsvAsync(string customerId, LedgerStore ledger, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(customerId, ledger, cancellationToken))
        {
            return NoSuchCustomer();
        }

        return Results.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            await writer.WriteAsync(string.Join(',', Columns) + "\r\n");
            string? after = null;
            do
            {
                var page = await ledger.ReadEntriesPageAsync(customerId, MaxPageSize, after, cancellationToken);
                foreach (var entry in page.Entries.Select(EntryView.Of))
                {
                    await writer.WriteAsync(Line(entry));
                }

                after = page.Next;
            }
            while (after is not null);
        }, CsvType, $"ledger-{customerId}.csv");
    }

    private static string Line(EntryView entry)
    {
        string?[] cells =
        [
            entry.Id, Time(entry.RecordedAt), Time(entry.OccurredAt), entry.Kind, Number(entry.Delta), Number(entry.BalanceAfter),
            Text(entry.MerchantId), Text(entry.OperationId), entry.Amount?.ToString(CultureInfo.InvariantCulture), entry.Currency, Text(entry.Note), Text(entry.By),
        ];
        return string.Join(',', cells.Select(Quoted)) + "\r\n";
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Text a spreadsheet would take for a formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c> first) starts with <c>'</c>, as OWASP advises.</summary>
    private static string? Text(string? value) => value is [ '=' or '+' or '-' or '@' or '\t' or '\r', ..] ? "'" + value : value;

    private static string Quoted(string? cell) =>
        cell is null ? "" : cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<bool> ExistsAsync(string customerId, LedgerStore ledger, CancellationToken cancellationToken) =>
        // An id that cannot be a customer's never reaches storage, where it could be an invalid key.
        CustomerId.IsWellFormed(customerId) && await ledger.GetAccountAsync(customerId, cancellationToken) is not null;

    internal static IResult NoSuchCustomer() => AdminEndpoints.NotFound("Unknown customer", "No customer has this id.");
}
