using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>The last day a daily job finished, shared by the app's instances.</summary>
public sealed class JobProgressTests
{
    private static readonly DateOnly June15 = new(2030, 6, 15);

    [Fact]
    public async Task AJobThatNeverRanHasNoDayDoneThenTheDayItRecorded()
    {
        var progress = new JobProgress(await TestStorage.CreateAsync());
        var job = NewJob();

        var before = await progress.DoneThroughAsync(job, default);
        await progress.AdvanceAsync(job, June15, default);

        Assert.Null(before);
        Assert.Equal(June15, await progress.DoneThroughAsync(job, default));
    }

    [Fact]
    public async Task ADayNeverMovesBackEvenWhenInstancesRecordDaysAtOnce()
    {
        var progress = new JobProgress(await TestStorage.CreateAsync());
        var job = NewJob();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => progress.AdvanceAsync(job, June15.AddDays(-i), default)));
        await progress.AdvanceAsync(job, June15.AddDays(-3), default);

        Assert.Equal(June15, await progress.DoneThroughAsync(job, default));
    }

    private static string NewJob() => $"Test{Guid.NewGuid():N}";
}
