using LoyaltyBot.Functions.Jobs;

namespace LoyaltyBot.Functions.Kpis;

/// <summary>A customer's activity of one day.</summary>
public sealed record CustomerDay(string CustomerId, DateOnly Day, KpiCustomerDay Activity);

/// <summary>What a report is computed from: the program's days up to its end, and customers' days of it and of the period before.</summary>
public sealed record KpiRows(IReadOnlyDictionary<DateOnly, KpiDay> Days, IReadOnlyList<CustomerDay> CustomerDays);

/// <summary>
/// The read side of the KPI aggregates, exact at any moment: the summaries of the days rolled up, except shard-days marked
/// late, which are folded from their deltas, as are the days not rolled up yet (today, and any the roll-up has not reached).
/// Per shard: two summary range queries and one delta range query, plus one partition per late shard-day.
/// </summary>
public sealed class KpiStore(KpiDeltas deltas, KpiSummaries summaries, JobProgress progress)
{
    public async Task<KpiRows> ReadAsync(DateOnly customersFrom, DateOnly to, CancellationToken cancellationToken)
    {
        var rolledThrough = await progress.DoneThroughAsync(KpiRollup.JobName, cancellationToken);
        var late = await summaries.LateAsync(cancellationToken);
        var shards = await Task.WhenAll(KpiKeys.Shards.Select(shard => ReadShardAsync(
            shard, rolledThrough, late.Where(l => l.Shard == shard).Select(l => l.Day).ToHashSet(), customersFrom, to, cancellationToken)));
        var days = new Dictionary<DateOnly, KpiDay>();
        foreach (var (day, figures) in shards.SelectMany(s => s.Days))
        {
            days[day] = days.TryGetValue(day, out var had) ? had.Plus(figures) : figures;
        }

        return new KpiRows(days, [.. shards.SelectMany(s => s.Customers).OrderBy(c => c.Day).ThenBy(c => c.CustomerId, StringComparer.Ordinal)]);
    }

    private async Task<(Dictionary<DateOnly, KpiDay> Days, List<CustomerDay> Customers)> ReadShardAsync(
        int shard, DateOnly? rolledThrough, HashSet<DateOnly> late, DateOnly customersFrom, DateOnly to, CancellationToken cancellationToken)
    {
        var days = new Dictionary<DateOnly, KpiDay>();
        var customers = new Dictionary<DateOnly, IReadOnlyDictionary<string, KpiCustomerDay>>();
        if (rolledThrough is { } rolled)
        {
            var summarizedTo = rolled < to ? rolled : to;
            foreach (var (day, figures) in await summaries.ReadDaysAsync(shard, summarizedTo, cancellationToken))
            {
                days[day] = figures;
            }

            if (customersFrom <= summarizedTo)
            {
                foreach (var (day, rolledCustomers) in await summaries.ReadCustomersAsync(shard, customersFrom, summarizedTo, cancellationToken))
                {
                    customers[day] = rolledCustomers;
                }
            }

            foreach (var day in late.Where(d => d <= summarizedTo))
            {
                Keep(day, KpiShardDay.Fold(await deltas.ReadAsync(shard, day, cancellationToken)));
            }
        }

        foreach (var (day, dayDeltas) in await deltas.ReadDaysAsync(shard, rolledThrough, to, cancellationToken))
        {
            Keep(day, KpiShardDay.Fold(dayDeltas));
        }

        var customerDays = customers.Where(c => c.Key >= customersFrom)
            .SelectMany(c => c.Value.Select(d => new CustomerDay(d.Key, c.Key, d.Value)))
            .ToList();
        return (days, customerDays);

        void Keep(DateOnly day, KpiShardDay folded)
        {
            days[day] = folded.Figures;
            customers[day] = folded.Customers;
        }
    }
}
