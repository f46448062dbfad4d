using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Jobs;

/// <summary>Timer <c>BirthdayGreetings</c>: greets the customers whose birthday has come, once a day; returns what it did.</summary>
public sealed class BirthdayGreetingsFunction(BirthdayGreetingRun greetings)
{
    /// <summary>
    /// On the schedule of app setting <c>BirthdayGreetingsSchedule</c> (UTC; by default hourly on the hour): a run
    /// greets a day once its local hour (<c>BirthdayGreetingsHour</c>) has come in the program's time zone, which NCRONTAB cannot say.
    /// </summary>
    [Function("BirthdayGreetings")]
    public async Task<object?> RunAsync([TimerTrigger("%BirthdayGreetingsSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        await greetings.RunAsync(cancellationToken);
}
