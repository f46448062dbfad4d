using System.Globalization;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Telemetry;

namespace LoyaltyBot.Functions.Jobs;

public sealed record BirthdayGreetingsSummary(IReadOnlyList<DateOnly> Days, int CustomersGreeted, long PointsGranted);

/// <summary>
/// The birthday greetings of each day due (<see cref="GreetingDays"/>): reads only that day's BirthdayIndex partitions
/// (28 February's in a common year also 29 February's), re-checks each customer's profile, grants the birthday bonus as
/// a lot of its own short lifetime under the key <c>birthday/&lt;year&gt;</c> (so once a year, however many runs or
/// instances), and queues the greeting under the id <c>birthday-&lt;year&gt;</c>, which the sender sends once.
/// </summary>
public sealed partial class BirthdayGreetingRun(
    BirthdayIndex index, LedgerStore ledger, ProgramStore program, Notifier notifier, JobProgress progress, BirthdayGreetingSettings settings,
    TimeProvider time, ILogger<BirthdayGreetingRun> logger)
{
    public const string JobName = "BirthdayGreetings";
    public const string Reason = "birthday";

    public async Task<BirthdayGreetingsSummary> RunAsync(CancellationToken cancellationToken)
    {
        using var run = LoyaltyMetrics.StartJob(JobName);
        var rules = await program.GetAsync(cancellationToken);
        int greeted = 0;
        long points = 0;
        var days = await progress.DoDueDaysAsync(JobName, time.GetUtcNow(), rules.Zone, settings.LocalHour, async day =>
        {
            foreach (var (month, dayOfMonth) in BirthdayCalendar.CelebratedOn(day))
            {
                await foreach (var customerId in index.ReadDayAsync(BirthdayIndex.MonthDay(month, dayOfMonth), cancellationToken))
                {
                    if (await GreetAsync(customerId, day, rules, cancellationToken) is { } bonus)
                    {
                        greeted++;
                        points += bonus;
                    }
                }
            }

            LogDayDone(logger, day);
        }, cancellationToken);

        run.Succeeded();
        return new BirthdayGreetingsSummary(days, greeted, points);
    }

    /// <summary>The bonus points granted to a customer celebrating on <paramref name="day"/>; null when they are not.</summary>
    private async Task<long?> GreetAsync(string customerId, DateOnly day, ProgramRules rules, CancellationToken cancellationToken)
    {
        // Index rows are harmless when extra: only the profile says whose birthday it is.
        var account = await ledger.GetAccountAsync(customerId, cancellationToken);
        if (account?.Profile is not { BirthMonth: { } month, BirthDay: { } dayOfMonth, MergedInto: null, ErasedAt: null } profile
            || BirthdayCalendar.CelebratedIn(day.Year, month, dayOfMonth) != day)
        {
            return null;
        }

        var year = day.Year.ToString(CultureInfo.InvariantCulture);
        long points = 0;
        if (rules.BirthdayBonus > 0)
        {
            var granted = await ledger.GrantBonusAsync(customerId, OperationKey.Of(Reason, year), rules.BirthdayBonus, Reason, rules.ForBirthdayBonus(), cancellationToken);
            if (!granted.IsSuccess)
            {
                // Merged meanwhile, or this year's bonus was granted when it was another amount: nothing more to give.
                LogNotGranted(logger, customerId, granted.Error!.Code);
                return null;
            }

            points = granted.Value.Delta;
        }

        if (profile is { ChatId: not null, Unreachable: false })
        {
            await notifier.EnqueueAsync(new Notification($"{Reason}-{year}", customerId, NotificationKind.Birthday, points > 0 ? points : null), cancellationToken);
        }

        return points;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Birthday greetings of {Day} done")]
    private static partial void LogDayDone(ILogger logger, DateOnly day);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Birthday bonus for customer {CustomerId} not granted: {Reason}")]
    private static partial void LogNotGranted(ILogger logger, string customerId, LoyaltyErrorCode reason);
}
