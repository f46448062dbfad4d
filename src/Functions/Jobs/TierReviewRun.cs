using System.Globalization;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Telemetry;

namespace LoyaltyBot.Functions.Jobs;

public sealed record TierReviewSummary(IReadOnlyList<DateOnly> Reviews, int CustomersReviewed, int TiersLowered, DateOnly? Warned, int Warnings);

/// <summary>
/// The monthly tier review (<see cref="TierReviewCalendar"/>): reads only the review's TierReviewIndex partitions, lowers
/// the tiers the spend no longer holds (<see cref="LedgerStore.ReviewTierAsync"/>, once per review), tells each customer,
/// and files everyone reviewed under the review at which their tier may fall next. <see cref="ProgramRules.TierWarningDays"/>
/// before a review, it tells the customers filed under it how much more spend keeps their tier. Reviews missed while the
/// app was down are caught up, oldest first; a warning whose review has come is not sent.
/// </summary>
public sealed partial class TierReviewRun(
    TierReviewIndex index, LedgerStore ledger, ProgramStore program, Notifier notifier, JobProgress progress, TimeProvider time,
    ILogger<TierReviewRun> logger)
{
    public const string JobName = "TierReview";

    /// <summary>The progress of the warnings, kept apart from the reviews' in the same table.</summary>
    public const string WarningsName = "TierReviewWarnings";

    /// <summary>Reviews caught up at most after an outage: a year of them.</summary>
    public const int CatchUpReviews = 12;

    public async Task<TierReviewSummary> RunAsync(CancellationToken cancellationToken)
    {
        using var run = LoyaltyMetrics.StartJob(JobName);
        var rules = await program.GetAsync(cancellationToken);
        var now = time.GetUtcNow();
        var latest = TierReviewCalendar.LatestAt(now, rules.Zone);
        var done = await progress.DoneThroughAsync(JobName, cancellationToken);
        var reviews = new List<DateOnly>();
        int reviewed = 0, lowered = 0;
        for (var review = Max(done?.AddMonths(1) ?? latest, latest.AddMonths(1 - CatchUpReviews)); review <= latest; review = review.AddMonths(1))
        {
            await foreach (var customerId in index.ReadMonthAsync(review, cancellationToken))
            {
                reviewed++;
                lowered += await ReviewAsync(customerId, review, rules, now, cancellationToken) ? 1 : 0;
            }

            // Only once the whole review is done: a run that fails midway leaves it to the next, which replays it harmlessly.
            await progress.AdvanceAsync(JobName, review, cancellationToken);
            reviews.Add(review);
            LogReviewDone(logger, review);
        }

        var (warned, warnings) = await WarnAsync(latest.AddMonths(1), rules, now, cancellationToken);
        run.Succeeded();
        return new TierReviewSummary(reviews, reviewed, lowered, warned, warnings);
    }

    /// <summary>Whether the review lowered the customer's tier now.</summary>
    private async Task<bool> ReviewAsync(string customerId, DateOnly review, ProgramRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lowered = await ledger.ReviewTierAsync(customerId, review, rules, cancellationToken);
        var account = await ledger.GetAccountAsync(customerId, cancellationToken);
        if (lowered is not null && account is { Profile.CanBeMessaged: true })
        {
            var winBack = rules.NextTier(lowered) is { } above ? above.MinSpend - account.TrailingSpend(now, rules.TierWindowDays) : (decimal?)null;
            await notifier.EnqueueAsync(new Notification($"tier-lowered-{Month(review)}", customerId, NotificationKind.TierLowered,
                Tier: lowered.Name, Amount: winBack), cancellationToken);
        }

        // Filed under the next review first, so that no moment leaves the customer in no partition.
        if (account?.TierReviewDue(rules, TierReviewCalendar.At(review, rules.Zone)) is { } next && account.Profile.MergedInto is null)
        {
            await index.AddAsync(next, customerId, cancellationToken);
        }

        await index.RemoveAsync(review, customerId, cancellationToken);
        return lowered is not null;
    }

    /// <summary>The warnings of <paramref name="review"/> once its warning day has come, once: the review and how many were told.</summary>
    private async Task<(DateOnly? Review, int Told)> WarnAsync(DateOnly review, ProgramRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reviewAt = TierReviewCalendar.At(review, rules.Zone);
        if (rules.TierWarningDays == 0 || rules.TierDowngrade == TierDowngradeMode.None || now < reviewAt.AddDays(-rules.TierWarningDays)
            || await progress.DoneThroughAsync(WarningsName, cancellationToken) >= review)
        {
            return (null, 0);
        }

        var told = 0;
        await foreach (var customerId in index.ReadMonthAsync(review, cancellationToken))
        {
            var account = await ledger.GetAccountAsync(customerId, cancellationToken);
            if (account is { Profile: { CanBeMessaged: true, MergedInto: null } } && account.ShortOfTier(rules, reviewAt) is > 0 and var shortBy)
            {
                await notifier.EnqueueAsync(new Notification($"tier-warning-{Month(review)}", customerId, NotificationKind.TierWarning,
                    Tier: rules.TierNamed(account.Tier).Name, Date: reviewAt, Amount: shortBy), cancellationToken);
                told++;
            }
        }

        await progress.AdvanceAsync(WarningsName, review, cancellationToken);
        return (review, told);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a >= b ? a : b;

    private static string Month(DateOnly review) => review.ToString("yyyyMM", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tier review of {Review} done")]
    private static partial void LogReviewDone(ILogger logger, DateOnly review);
}
