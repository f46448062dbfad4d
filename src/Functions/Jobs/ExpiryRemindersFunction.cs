using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Jobs;

/// <summary>Timer <c>ExpiryReminders</c>: warns the customers whose points expire soon, once a day; returns what it did.</summary>
public sealed class ExpiryRemindersFunction(ExpiryReminderRun reminders)
{
    /// <summary>
    /// On the schedule of app setting <c>ExpiryRemindersSchedule</c> (UTC; by default hourly at minute 30): a run does a
    /// day once its local hour (<c>ExpiryRemindersHour</c>) has come in the program's time zone.
    /// </summary>
    [Function("ExpiryReminders")]
    public async Task<object?> RunAsync([TimerTrigger("%ExpiryRemindersSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        await reminders.RunAsync(cancellationToken);
}
