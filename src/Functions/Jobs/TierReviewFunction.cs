using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Jobs;

/// <summary>Timer <c>TierReview</c>: the monthly tier review and the warnings before it; returns what it did.</summary>
public sealed class TierReviewFunction(TierReviewRun review)
{
    /// <summary>
    /// On the schedule of app setting <c>TierReviewSchedule</c> (UTC; by default hourly at minute 20): a run reviews a month once
    /// its first day's 10 o'clock has come in the program's time zone, and warns its warning days before, which NCRONTAB cannot say.
    /// </summary>
    [Function("TierReview")]
    public async Task<object?> RunAsync([TimerTrigger("%TierReviewSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        await review.RunAsync(cancellationToken);
}
