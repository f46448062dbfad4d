using Azure.Data.Tables;
using LoyaltyBot.Functions.Kpis;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Kpis;

/// <summary>The roll-up folds days over into summaries once: run again, or on two instances at once, it changes nothing.</summary>
public sealed class KpiRollupTests(StorageOfItsOwn storage) : IClassFixture<StorageOfItsOwn>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task TwoRollupsAtOnceAndAThirdAfterThemKeepTheSameSummariesAndTheSameFigures()
    {
        var h = await LedgerHarness.StartAsync(storage: storage.Account);
        var customers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            customers.Add(await h.RegisterAsync());
        }

        var first = h.Today;
        for (var day = 0; day < 3; day++)
        {
            foreach (var customer in customers)
            {
                await h.EarnAsync(customer, 100m + (day * 10) + customers.IndexOf(customer));
            }

            h.Time.Advance(TimeSpan.FromDays(1));
        }

        var before = await ReportAsync(h, first, h.Today);

        var runs = await Task.WhenAll(h.KpiRollup.RunAsync(Ct), h.KpiRollup.RunAsync(Ct));
        var kept = await SummariesAsync(h);
        var third = await h.KpiRollup.RunAsync(Ct);

        Assert.Contains(runs, r => r.Days.Count > 0);
        Assert.NotEmpty(kept);
        Assert.Equal((0, 0), (third.Days.Count, third.LateDaysFolded));
        Assert.Equal(kept, await SummariesAsync(h));
        Assert.Equal(before, await ReportAsync(h, first, h.Today));
        Assert.Equal(15, System.Text.Json.JsonDocument.Parse(before).RootElement.GetProperty("Purchases").GetInt64());
    }

    /// <summary>Every summary row with its ETag: unchanged rows keep theirs.</summary>
    internal static async Task<List<string>> SummariesAsync(LedgerHarness h)
    {
        var table = h.Storage.Table(TableNames.Kpis);
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"s-"} and PartitionKey lt {"s."}"), cancellationToken: Ct))
        {
            rows.Add($"{row.PartitionKey}/{row.RowKey} {row.ETag}");
        }

        return rows;
    }

    private static async Task<string> ReportAsync(LedgerHarness h, DateOnly from, DateOnly to) =>
        System.Text.Json.JsonSerializer.Serialize(KpiReport.Of(await h.Kpis.ReadAsync(from.AddDays(-(to.DayNumber - from.DayNumber + 1)), to, Ct), from, to, null, h.Rules));
}
