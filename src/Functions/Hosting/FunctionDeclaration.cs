namespace LoyaltyBot.Functions.Hosting;

/// <summary>What starts a function: an HTTP request, a queue message or a schedule.</summary>
public abstract record FunctionTrigger
{
    /// <summary>The binding name in <c>function.json</c>; the custom-handler payload's <c>Data</c> is keyed by it.</summary>
    public abstract string BindingName { get; }
}

/// <summary>
/// An HTTP function. <paramref name="Route"/> is relative to the Functions host's route prefix (<c>api</c>), as in
/// <c>function.json</c>; <paramref name="Methods"/> are upper case.
/// </summary>
public sealed record HttpTrigger(string Route, IReadOnlyList<string> Methods) : FunctionTrigger
{
    public const string RoutePrefix = "api";

    public override string BindingName => "req";

    /// <summary>The path the app serves, the same under the Functions host (which forwards it as is) and standalone.</summary>
    public string Path => $"/{RoutePrefix}/{Route}";
}

public sealed record QueueTrigger(string QueueName) : FunctionTrigger
{
    public override string BindingName => "message";

    /// <summary>Where a message goes after its last failed try, named as the Functions host names it.</summary>
    public string PoisonQueueName => QueueName + Storage.StorageAccount.PoisonSuffix;
}

/// <summary>An NCRONTAB schedule with seconds (six fields), in UTC, as <c>function.json</c> takes it.</summary>
public sealed record TimerTrigger(string Schedule) : FunctionTrigger
{
    public override string BindingName => "timer";
}

/// <summary>One function: its name (the folder of its <c>function.json</c>) and its trigger.</summary>
public sealed record FunctionDeclaration(string Name, FunctionTrigger Trigger)
{
    public bool IsHttp => Trigger is HttpTrigger;

    public static FunctionDeclaration Http(string name, string route, params string[] methods) =>
        new(name, new HttpTrigger(route, [.. methods.Select(m => m.ToUpperInvariant())]));

    public static FunctionDeclaration Queue(string name, string queueName) => new(name, new QueueTrigger(queueName));

    public static FunctionDeclaration Timer(string name, string schedule) => new(name, new TimerTrigger(schedule));
}

/// <summary>The functions an app declares, found by name as the Functions host finds them (case-insensitively).</summary>
public sealed class FunctionCatalog
{
    private readonly Dictionary<string, FunctionDeclaration> byName;

    public FunctionCatalog(IEnumerable<FunctionDeclaration> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        All = [.. functions];
        byName = new Dictionary<string, FunctionDeclaration>(StringComparer.OrdinalIgnoreCase);
        foreach (var function in All)
        {
            if (!byName.TryAdd(function.Name, function))
            {
                throw new ArgumentException($"Function {function.Name} is declared twice.", nameof(functions));
            }

            if (function.Trigger is TimerTrigger timer)
            {
                // A schedule that does not parse fails at start-up, not at its first tick.
                _ = CronSchedule.Parse(timer.Schedule);
            }
        }
    }

    public IReadOnlyList<FunctionDeclaration> All { get; }

    public FunctionDeclaration this[string name] =>
        TryGet(name, out var function) ? function : throw new KeyNotFoundException($"No function {name} is declared.");

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FunctionDeclaration? function) =>
        byName.TryGetValue(name, out function);
}
