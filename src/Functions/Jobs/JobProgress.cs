using System.Globalization;
using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Jobs;

/// <summary>
/// The JobProgress table: per daily job (partition = the job's name), the last day it has finished, so that each run
/// does only the days since and a run after an outage catches up. Shared by the app's instances: it never moves back.
/// </summary>
public sealed class JobProgress(StorageAccount storage)
{
    private const string Row = "done";
    private const string DayProperty = "DoneThrough";
    private readonly TableClient table = storage.Table(TableNames.JobProgress);

    /// <summary>The last day <paramref name="job"/> finished; null before its first.</summary>
    public async Task<DateOnly?> DoneThroughAsync(string job, CancellationToken cancellationToken) =>
        (await ReadAsync(job, cancellationToken)).Day;

    /// <summary>
    /// Does each day due to <paramref name="job"/> at <paramref name="now"/> (<see cref="GreetingDays.Due"/>), oldest first,
    /// and records it once all of it is done; returns those days.
    /// </summary>
    public async Task<IReadOnlyList<DateOnly>> DoDueDaysAsync(
        string job, DateTimeOffset now, TimeZoneInfo zone, int localHour, Func<DateOnly, Task> doDay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(doDay);
        var days = GreetingDays.Due(now, zone, localHour, await DoneThroughAsync(job, cancellationToken));
        foreach (var day in days)
        {
            await doDay(day);

            // Only once the whole day is done: a run that fails midway leaves the day to the next, which replays it harmlessly.
            await AdvanceAsync(job, day, cancellationToken);
        }

        return days;
    }

    /// <summary>Records that <paramref name="job"/> has finished <paramref name="day"/>, unless a later day is recorded already.</summary>
    public async Task AdvanceAsync(string job, DateOnly day, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(job, Row) { [DayProperty] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        while (true)
        {
            var (stored, etag) = await ReadAsync(job, cancellationToken);
            if (stored >= day)
            {
                return;
            }

            try
            {
                await (etag is { } match
                    ? table.UpdateEntityAsync(entity, match, TableUpdateMode.Replace, cancellationToken)
                    : table.AddEntityAsync(entity, cancellationToken));
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another instance recorded a day meanwhile: compare with that one.
            }
        }
    }

    private async Task<(DateOnly? Day, ETag? ETag)> ReadAsync(string job, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(job, Row, cancellationToken: cancellationToken);
        return row.HasValue
            ? (DateOnly.ParseExact(row.Value!.GetString(DayProperty), "yyyy-MM-dd", CultureInfo.InvariantCulture), row.Value.ETag)
            : (null, null);
    }
}
