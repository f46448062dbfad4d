using NCrontab;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>An NCRONTAB expression with seconds ("0 5 * * * *" = minute 5 of every hour), evaluated in UTC.</summary>
public sealed class CronSchedule
{
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };
    private readonly CrontabSchedule schedule;

    private CronSchedule(string expression, CrontabSchedule schedule)
    {
        Expression = expression;
        this.schedule = schedule;
    }

    public string Expression { get; }

    /// <summary>Parses six fields (seconds first), as <c>function.json</c> takes them; five fields are rejected.</summary>
    public static CronSchedule Parse(string expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        if (expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6)
        {
            throw new FormatException($"Schedule '{expression}' must have six fields, seconds first.");
        }

        return new CronSchedule(expression, CrontabSchedule.Parse(expression, WithSeconds));
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset after)
    {
        var next = schedule.GetNextOccurrence(after.UtcDateTime);
        return new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
    }
}
