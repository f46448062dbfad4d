using System.Globalization;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Telemetry;

namespace LoyaltyBot.Functions.Jobs;

public sealed record ExpiryRemindersSummary(IReadOnlyList<DateOnly> Days, int Warnings, int LastChances);

/// <summary>
/// The expiry reminders of each day due (<see cref="GreetingDays"/>, from <see cref="ExpiryReminderSettings.LocalHour"/>):
/// a warning of the points that expire <see cref="ProgramRules.ExpiryWarningDays"/> days later and a last chance
/// <see cref="ProgramRules.ExpiryLastChanceDays"/> days before, the days in the program's time zone. Reads only the
/// ExpiryIndex partitions of those expiry days, re-checks each account, and queues each reminder under an id naming its
/// kind and expiry day, which the sender sends once: once per customer and expiry day however many runs or instances.
/// </summary>
public sealed partial class ExpiryReminderRun(
    ExpiryIndex index, LedgerStore ledger, ProgramStore program, Notifier notifier, JobProgress progress, ExpiryReminderSettings settings,
    TimeProvider time, ILogger<ExpiryReminderRun> logger)
{
    public const string JobName = "ExpiryReminders";

    public async Task<ExpiryRemindersSummary> RunAsync(CancellationToken cancellationToken)
    {
        using var run = LoyaltyMetrics.StartJob(JobName);
        var rules = await program.GetAsync(cancellationToken);
        int warnings = 0, lastChances = 0;
        var days = await progress.DoDueDaysAsync(JobName, time.GetUtcNow(), rules.Zone, settings.LocalHour, async day =>
        {
            warnings += await RemindAsync(day, rules.ExpiryWarningDays, new Reminder("expiry-warning", NotificationKind.PointsExpiring), rules, cancellationToken);
            lastChances += await RemindAsync(day, rules.ExpiryLastChanceDays, new Reminder("expiry-last-chance", NotificationKind.PointsLastChance), rules, cancellationToken);
            LogDayDone(logger, day);
        }, cancellationToken);

        run.Succeeded();
        return new ExpiryRemindersSummary(days, warnings, lastChances);
    }

    /// <summary>Tells on <paramref name="day"/> whoever has points expiring <paramref name="daysBefore"/> days later (none when 0); how many were told.</summary>
    private async Task<int> RemindAsync(DateOnly day, int daysBefore, Reminder reminder, ProgramRules rules, CancellationToken cancellationToken)
    {
        if (daysBefore == 0)
        {
            return 0;
        }

        var expiryDay = day.AddDays(daysBefore);
        var id = $"{reminder.IdPrefix}-{expiryDay.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
        var now = time.GetUtcNow();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var told = 0;
        foreach (var utcDay in ProgramDayInUtc.Days(expiryDay, rules.Zone))
        {
            await foreach (var customerId in index.ReadDayAsync(utcDay, cancellationToken))
            {
                // A customer with lots on both UTC days of the local day is filed twice; index rows may also be stale.
                if (!seen.Add(customerId)
                    || await ledger.GetAccountAsync(customerId, cancellationToken) is not { Profile.CanBeMessaged: true } account
                    || account.ExpiringOn(expiryDay, rules.Zone, now, rules.InactivityExpiry) is not { } expiring)
                {
                    continue;
                }

                await notifier.EnqueueAsync(new Notification(id, customerId, reminder.Kind, expiring.Points, Date: expiring.ExpiresAt), cancellationToken);
                told++;
            }
        }

        return told;
    }

    private sealed record Reminder(string IdPrefix, NotificationKind Kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Expiry reminders of {Day} done")]
    private static partial void LogDayDone(ILogger logger, DateOnly day);
}
