using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>What starts a function: an HTTP request, a queue message or a schedule.</summary>
public abstract record FunctionTrigger;

/// <summary>
/// An HTTP function. <paramref name="Route"/> is relative to the route prefix (<c>api</c>), as in its
/// <c>[HttpTrigger]</c>; <paramref name="Methods"/> are upper case.
/// </summary>
public sealed record HttpTrigger(string Route, IReadOnlyList<string> Methods) : FunctionTrigger
{
    public const string RoutePrefix = "api";

    /// <summary>The path the app serves, the same under the Functions host and standalone.</summary>
    public string Path => $"/{RoutePrefix}/{Route}";

    /// <summary>
    /// The paths that serve the route, each with its methods. A route ending in an optional parameter
    /// (<c>.../redemptions/{redemptionId?}</c>) is a collection and its items: POST at the collection's path, the other
    /// methods at an item's, as HTTP means them; every other route is one path with all its methods.
    /// </summary>
    public IReadOnlyList<(string Path, IReadOnlyList<string> Methods)> Paths()
    {
        if (!Route.EndsWith("?}", StringComparison.Ordinal))
        {
            return [(Path, Methods)];
        }

        var collection = $"/{RoutePrefix}/{Route[..Route.LastIndexOf('/')]}";
        var item = $"/{RoutePrefix}/{Route.Replace("?}", "}", StringComparison.Ordinal)}";
        return [.. new (string Path, IReadOnlyList<string> Methods)[]
        {
            (collection, [.. Methods.Where(m => m == "POST")]),
            (item, [.. Methods.Where(m => m != "POST")]),
        }.Where(form => form.Methods.Count > 0)];
    }
}

public sealed record QueueTrigger(string QueueName) : FunctionTrigger
{
    /// <summary>Where a message goes after its last failed try, named as the Functions host names it.</summary>
    public string PoisonQueueName => QueueName + Storage.StorageAccount.PoisonSuffix;
}

/// <summary>An NCRONTAB schedule with seconds (six fields), in UTC, as <c>[TimerTrigger]</c> takes it.</summary>
public sealed record TimerTrigger(string Schedule) : FunctionTrigger;

/// <summary>One function: its <c>[Function]</c> name, its trigger and the method that runs it (none for a test's own).</summary>
public sealed record FunctionDeclaration(string Name, FunctionTrigger Trigger, MethodInfo? Method = null)
{
    public bool IsHttp => Trigger is HttpTrigger;

    /// <summary>True when the method carries <see cref="RequiresAdminKeyAttribute"/>.</summary>
    public bool RequiresAdminKey => Method?.GetCustomAttribute<RequiresAdminKeyAttribute>() is not null;

    public static FunctionDeclaration Http(string name, string route, params string[] methods) =>
        new(name, new HttpTrigger(route, [.. methods.Select(m => m.ToUpperInvariant())]));

    public static FunctionDeclaration Queue(string name, string queueName) => new(name, new QueueTrigger(queueName));

    public static FunctionDeclaration Timer(string name, string schedule) => new(name, new TimerTrigger(schedule));

    /// <summary>
    /// The function a <c>[Function]</c> method declares, read from its trigger attribute as the Worker SDK reads it for
    /// <c>functions.metadata</c>; a <c>%Setting%</c> (a timer's schedule, a queue's name) is read from <paramref name="settings"/>.
    /// </summary>
    public static FunctionDeclaration FromMethod(MethodInfo method, IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(settings);
        var name = method.GetCustomAttribute<FunctionAttribute>()?.Name ?? throw new ArgumentException($"{method.Name} has no [Function] attribute.", nameof(method));
        foreach (var parameter in method.GetParameters())
        {
            FunctionTrigger? trigger = parameter.GetCustomAttributes().FirstOrDefault() switch
            {
                HttpTriggerAttribute http => new HttpTrigger(http.Route ?? name, [.. (http.Methods ?? ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]).Select(m => m.ToUpperInvariant())]),
                QueueTriggerAttribute queue => new QueueTrigger(Resolve(queue.QueueName, settings, name)),
                TimerTriggerAttribute timer => new TimerTrigger(Resolve(timer.Schedule, settings, name)),
                _ => null,
            };
            if (trigger is not null)
            {
                return new FunctionDeclaration(name, trigger, method);
            }
        }

        throw new ArgumentException($"Function {name} has no HTTP, queue or timer trigger.", nameof(method));
    }

    /// <summary>A <c>%Name%</c> value is the app setting <c>Name</c>, as the Functions host resolves it.</summary>
    private static string Resolve(string value, IConfiguration settings, string function)
    {
        if (value.Length < 2 || value[0] != '%' || value[^1] != '%')
        {
            return value;
        }

        var setting = value[1..^1];
        return settings[setting] is { Length: > 0 } resolved
            ? resolved
            : throw new InvalidOperationException($"Function {function} needs the app setting {setting}.");
    }
}

/// <summary>Marks an HTTP function only an operator calls: header <c>X-Admin-Key</c> must hold <c>AdminApiKey</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresAdminKeyAttribute : Attribute;

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

    /// <summary>Every <c>[Function]</c> method of <paramref name="assembly"/>: the one list of the app's functions.</summary>
    public static FunctionCatalog FromAssembly(Assembly assembly, IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return new FunctionCatalog(
            from type in assembly.GetTypes()
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            where method.GetCustomAttribute<FunctionAttribute>() is not null
            orderby method.GetCustomAttribute<FunctionAttribute>()!.Name
            select FunctionDeclaration.FromMethod(method, settings));
    }

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FunctionDeclaration? function) =>
        byName.TryGetValue(name, out function);
}
