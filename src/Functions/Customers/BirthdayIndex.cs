using Azure.Data.Tables;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Customers;

/// <summary>
/// BirthdayIndex: partition <c>MMdd</c>, row customerId, for every customer born that day, so the birthday greetings
/// read one partition a day. Written before the profile and harmless when extra: readers re-check the profile.
/// </summary>
public sealed class BirthdayIndex(StorageAccount storage)
{
    private readonly TableClient table = storage.Table(TableNames.BirthdayIndex);

    public async Task AddAsync(Birthday birthday, string customerId, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(birthday.MonthDay, customerId), TableUpdateMode.Replace, cancellationToken);

    public async Task RemoveAsync(string monthDay, string customerId, CancellationToken cancellationToken) =>
        await table.DeleteEntityAsync(monthDay, customerId, cancellationToken: cancellationToken);

    /// <summary>Every customer filed under <paramref name="monthDay"/> (<c>MMdd</c>).</summary>
    public async IAsyncEnumerable<string> ReadDayAsync(string monthDay, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {monthDay}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            yield return row.RowKey;
        }
    }

    public static string MonthDay(int month, int day) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{month:D2}{day:D2}");
}
