using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>
/// The TierReview run on a real Azurite and a fake clock: the warning before a review, the downgrade at it in each mode,
/// the months missed, runs twice and at once, the program's zone, and what it reads.
/// </summary>
public sealed class TierReviewTests
{
    /// <summary>Moscow, a 90-day window, no grace, a warning 7 days before: a purchase of 10 January counts through 9 April.</summary>
    private static readonly ProgramRules Rules = ProgramRules.Default with { TierWindowDays = 90, TierGraceDays = 0, TierWarningDays = 7 };

    private static readonly DateTimeOffset January10 = new(2030, 1, 10, 9, 0, 0, TimeSpan.Zero);

    /// <summary>10:00 in Moscow on the first of the month.</summary>
    private static DateTimeOffset ReviewOf(int year, int month) => new(year, month, 1, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AGoldCustomerIsWarnedSevenDaysBeforeTheReviewThenLoweredOneTierAndToldBoth()
    {
        await using var job = await TierReviewJob.StartAsync(January10, Rules);
        var customer = await job.CustomerWhoSpentAsync(60_000m);
        Assert.Equal("Gold", await job.TierAsync(customer));

        job.MoveTo(ReviewOf(2030, 5).AddDays(-7).AddSeconds(-1));
        var early = await job.RunAsync();
        job.Time.Advance(TimeSpan.FromSeconds(1));
        var warned = await job.RunAsync();
        job.MoveTo(ReviewOf(2030, 5));
        var reviewed = await job.RunAsync();

        Assert.Equal((null, 0), (early.Warned, early.Warnings));
        Assert.Equal((new DateOnly(2030, 5, 1), 1), (warned.Warned, warned.Warnings));
        Assert.Equal([new DateOnly(2030, 5, 1)], reviewed.Reviews);
        Assert.Equal((1, 1), (reviewed.CustomersReviewed, reviewed.TiersLowered));
        Assert.Equal("Silver", await job.TierAsync(customer));
        var told = await job.NotificationsAsync(customer);
        Assert.Equal(["tier-warning-203005", "tier-lowered-203005"], told.Select(n => n.Id));
        Assert.Equal((NotificationKind.TierWarning, "Gold", 50_000m, ReviewOf(2030, 5)), (told[0].Kind, told[0].Tier, told[0].Amount, told[0].Date));
        Assert.Equal((NotificationKind.TierLowered, "Silver", 50_000m), (told[1].Kind, told[1].Tier, told[1].Amount));
        await job.Ledger.AssertLedgerBalancesAsync(customer);
    }

    [Fact]
    public async Task OneLevelAtATimeTheNextReviewLowersTheNextTier()
    {
        await using var job = await TierReviewJob.StartAsync(January10, Rules);
        var customer = await job.CustomerWhoSpentAsync(60_000m);

        job.MoveTo(ReviewOf(2030, 5));
        await job.RunAsync();
        job.MoveTo(ReviewOf(2030, 6));
        var june = await job.RunAsync();
        job.MoveTo(ReviewOf(2030, 7));
        var july = await job.RunAsync();

        Assert.Equal((1, 1), (june.CustomersReviewed, june.TiersLowered));
        Assert.Equal(0, july.CustomersReviewed);
        Assert.Equal("Bronze", await job.TierAsync(customer));
        Assert.Equal(["Silver", "Bronze"], (await job.NotificationsAsync(customer)).Where(n => n.Kind == NotificationKind.TierLowered).Select(n => n.Tier));
    }

    [Fact]
    public async Task RecalculatedTiersFallStraightToWhatTheSpendReaches()
    {
        await using var job = await TierReviewJob.StartAsync(January10, Rules with { TierDowngrade = TierDowngradeMode.Recalculate });
        var customer = await job.CustomerWhoSpentAsync(60_000m);

        job.MoveTo(ReviewOf(2030, 5));
        await job.RunAsync();

        Assert.Equal("Bronze", await job.TierAsync(customer));
    }

    [Fact]
    public async Task WithDowngradesOffNoTierFallsAndNoOneIsWarned()
    {
        await using var job = await TierReviewJob.StartAsync(January10, Rules with { TierDowngrade = TierDowngradeMode.None });
        var customer = await job.CustomerWhoSpentAsync(60_000m);

        job.MoveTo(ReviewOf(2030, 5).AddDays(-7));
        await job.RunAsync();
        job.MoveTo(ReviewOf(2030, 5));
        var summary = await job.RunAsync();

        Assert.Equal((1, 0), (summary.CustomersReviewed, summary.TiersLowered));
        Assert.Equal("Gold", await job.TierAsync(customer));
        Assert.Empty(await job.NotificationsAsync(customer));
    }

    [Fact]
    public async Task SpendingWhatTheWarningAsksKeepsTheTierAndFilesTheCustomerForALaterReview()
    {
        await using var job = await TierReviewJob.StartAsync(January10, Rules);
        var customer = await job.CustomerWhoSpentAsync(60_000m);
        job.MoveTo(ReviewOf(2030, 5).AddDays(-7));
        await job.RunAsync();
        var warning = Assert.Single(await job.NotificationsAsync(customer));

        await job.Ledger.EarnAsync(customer, warning.Amount!.Value);
        job.MoveTo(ReviewOf(2030, 5));
        var summary = await job.RunAsync();

        Assert.Equal((1, 0), (summary.CustomersReviewed, summary.TiersLowered));
        Assert.Equal("Gold", await job.TierAsync(customer));
        // Bought on 24 April, the spend counts through 22 July: August's review is the next that may lower it.
        var filed = await RowsAsync(job, TierReviewIndex.Partition(new DateOnly(2030, 8, 1), customer));
        Assert.Equal([customer], filed);
        Assert.Empty(await RowsAsync(job, TierReviewIndex.Partition(new DateOnly(2030, 5, 1), customer)));
    }

    [Fact]
    public async Task ASecondRunChangesNothingAndQueuesNothing()
    {
        await using var job = await TierReviewJob.StartAsync(January10, Rules);
        var customer = await job.CustomerWhoSpentAsync(60_000m);
        job.MoveTo(ReviewOf(2030, 5).AddDays(-7));
        await job.RunAsync();
        job.MoveTo(ReviewOf(2030, 5));
        await job.RunAsync();
        var partition = await job.Ledger.PartitionSnapshotAsync(customer);

        job.Time.Advance(TimeSpan.FromHours(1));
        var again = await job.RunAsync();

        Assert.Equal((0, 0, 0), (again.Reviews.Count, again.TiersLowered, again.Warnings));
        Assert.Equal(partition, await job.Ledger.PartitionSnapshotAsync(customer));
        Assert.Equal(2, (await job.NotificationsAsync(customer)).Count);
    }

    [Fact]
    public async Task TwoInstancesReviewingAtOnceLowerEachTierOnceAndQueueOneMessageIdEach()
    {
        await using var job = await TierReviewJob.StartAsync(January10, Rules);
        var customers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            customers.Add(await job.CustomerWhoSpentAsync(60_000m));
        }

        job.MoveTo(ReviewOf(2030, 5));
        var runs = await Task.WhenAll(job.Run().RunAsync(default), job.Run().RunAsync(default));

        Assert.Equal(5, runs.Sum(r => r.TiersLowered));
        foreach (var customer in customers)
        {
            Assert.Equal("Silver", await job.TierAsync(customer));
            Assert.Equal(["tier-lowered-203005"], (await job.NotificationsAsync(customer)).Select(n => n.Id).Distinct());
        }
    }

    [Fact]
    public async Task TheReviewsMissedWhileTheAppWasDownAreCaughtUpOldestFirst()
    {
        await using var job = await TierReviewJob.StartAsync(January10, Rules);
        await job.RunAsync();
        var customer = await job.CustomerWhoSpentAsync(60_000m);

        job.MoveTo(ReviewOf(2030, 7).AddDays(2));
        var caughtUp = await job.RunAsync();
        var again = await job.RunAsync();

        Assert.Equal([new DateOnly(2030, 2, 1), new DateOnly(2030, 3, 1), new DateOnly(2030, 4, 1), new DateOnly(2030, 5, 1), new DateOnly(2030, 6, 1), new DateOnly(2030, 7, 1)],
            caughtUp.Reviews);
        Assert.Equal(2, caughtUp.TiersLowered);
        Assert.Equal("Bronze", await job.TierAsync(customer));
        Assert.Equal(["tier-lowered-203005", "tier-lowered-203006"], (await job.NotificationsAsync(customer)).Select(n => n.Id));
        Assert.Empty(again.Reviews);
    }

    [Theory]
    [InlineData("Asia/Tokyo", "2030-05-01T01:00:00+00:00")]
    [InlineData("America/New_York", "2030-05-01T14:00:00+00:00")]
    [InlineData("Europe/Berlin", "2030-05-01T08:00:00+00:00")]
    public async Task TheReviewComesAtTenOnTheFirstInTheProgramsZoneWithItsSummerTime(string zone, string reviewAt)
    {
        var at = DateTimeOffset.Parse(reviewAt, System.Globalization.CultureInfo.InvariantCulture);
        await using var job = await TierReviewJob.StartAsync(January10, Rules with { TimeZone = zone });
        var customer = await job.CustomerWhoSpentAsync(60_000m);

        job.MoveTo(at.AddSeconds(-1));
        var before = await job.RunAsync();
        job.Time.Advance(TimeSpan.FromSeconds(1));
        var onTime = await job.RunAsync();

        Assert.DoesNotContain(new DateOnly(2030, 5, 1), before.Reviews);
        Assert.Equal([new DateOnly(2030, 5, 1)], onTime.Reviews);
        Assert.Equal("Silver", await job.TierAsync(customer));
    }

    [Fact]
    public async Task ACustomerTheBotCannotReachIsLoweredAndNothingIsQueued()
    {
        await using var job = await TierReviewJob.StartAsync(January10, Rules);
        var tillOnly = await job.CustomerWhoSpentAsync(60_000m, withChat: false);

        job.MoveTo(ReviewOf(2030, 5).AddDays(-7));
        await job.RunAsync();
        job.MoveTo(ReviewOf(2030, 5));
        await job.RunAsync();

        Assert.Equal("Silver", await job.TierAsync(tillOnly));
        Assert.Empty(await job.NotificationsAsync(tillOnly));
    }

    [Fact]
    public async Task AReviewsRequestsGrowWithTheCustomersDueNotWithTheOthers()
    {
        await using var job = await TierReviewJob.StartAsync(January10, Rules);
        await job.CustomerWhoSpentAsync(60_000m);
        job.MoveTo(ReviewOf(2030, 5));
        job.Storage.Counter.Reset();
        await job.RunAsync();
        var alone = job.Storage.Counter.Counts();

        await using var crowded = await TierReviewJob.StartAsync(January10, Rules);
        await crowded.CustomerWhoSpentAsync(60_000m);
        crowded.MoveTo(January10.AddMonths(1));
        for (var i = 0; i < 10; i++)
        {
            // Bronze customers, and Gold ones whose spend of February holds past May, are filed under no review or a later one.
            await crowded.CustomerWhoSpentAsync(i % 2 == 0 ? 1_000m : 200_000m);
            crowded.Time.Advance(TimeSpan.FromDays(2));
        }

        crowded.MoveTo(ReviewOf(2030, 5));
        crowded.Storage.Counter.Reset();
        await crowded.RunAsync();
        var amongOthers = crowded.Storage.Counter.Counts();

        Assert.Equal(StorageRequestCounter.ByResource(alone), StorageRequestCounter.ByResource(amongOthers));
    }

    private static async Task<IReadOnlyList<string>> RowsAsync(TierReviewJob job, string partition)
    {
        var rows = new List<string>();
        await foreach (var row in job.Storage.Table(TableNames.TierReviewIndex).QueryAsync<Azure.Data.Tables.TableEntity>(
                           Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            rows.Add(row.RowKey);
        }

        return rows;
    }
}
