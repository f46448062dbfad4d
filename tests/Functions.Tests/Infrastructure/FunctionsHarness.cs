using System.Collections.Concurrent;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoyaltyBot.Functions.Tests.Infrastructure;

/// <summary>
/// The functions host's real parts (invoker, listeners, schedulers, endpoints) on the shared Azurite with a test-only
/// catalog and handlers, so a test states only the function it needs. Logs are kept in <see cref="Logs"/>.
/// </summary>
public sealed class FunctionsHarness
{
    private FunctionsHarness(IServiceProvider services, StorageAccount storage, LogSink logs)
    {
        Services = services;
        Storage = storage;
        Logs = logs;
    }

    public IServiceProvider Services { get; }

    public StorageAccount Storage { get; }

    public LogSink Logs { get; }

    public FunctionInvoker Invoker => Services.GetRequiredService<FunctionInvoker>();

    /// <summary>A queue or poison-queue name no other test uses.</summary>
    public static string UniqueQueueName(string prefix = "test") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static async Task<FunctionsHarness> StartAsync(FunctionCatalog catalog, Action<IServiceCollection> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var azurite = await Azurite.Shared;
        var storage = new StorageAccount(azurite.ConnectionString, new StorageRequestCounter());
        var logs = new LogSink();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton(storage);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(catalog);
        services.AddSingleton<FunctionInvoker>();
        handlers(services);
        return new FunctionsHarness(services.BuildServiceProvider(), storage, logs);
    }

    public QueueListener Listener(FunctionDeclaration function, QueueListenerOptions options) =>
        new(function, Invoker, Storage, Options.Create(options), TimeProvider.System, Services.GetRequiredService<ILogger<QueueListener>>());

    public TimerScheduler Scheduler(FunctionDeclaration function) =>
        new(function, Invoker, TimeProvider.System, Services.GetRequiredService<ILogger<TimerScheduler>>());

    /// <summary>Options that make a test quick: immediate retries, short polls, a one-second lease.</summary>
    public static QueueListenerOptions FastQueueOptions(TimeSpan? visibilityTimeout = null) => new()
    {
        VisibilityTimeout = visibilityTimeout ?? TimeSpan.Zero,
        MinPollingInterval = TimeSpan.FromMilliseconds(10),
        MaxPollingInterval = TimeSpan.FromMilliseconds(100),
        LeaseDuration = TimeSpan.FromSeconds(1),
    };

    /// <summary>
    /// An in-process standalone web app with this catalog and handlers on a free loopback port, with
    /// <see cref="AppProcess.AdminKey"/> as its admin key.
    /// </summary>
    public static async Task<WebApplication> StartWebAppAsync(FunctionCatalog catalog, Action<IServiceCollection> handlers, Action<WebApplication>? map = null)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var azurite = await Azurite.Shared;
        var builder = WebApplication.CreateSlimBuilder();
        var settings = new Dictionary<string, string?>
        {
            [StorageAccount.ConnectionSetting] = azurite.ConnectionString,
            [AdminKey.Setting] = AppProcess.AdminKey,
        };
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddStandaloneTriggers();
        builder.Services.AddSingleton(catalog);
        builder.Services.AddAdminKey();
        builder.Services.AddSingleton(new StorageAccount(azurite.ConnectionString, new StorageRequestCounter()));
        builder.Services.AddSingleton(TimeProvider.System);
        handlers(builder.Services);
        var app = builder.Build();
        app.MapGet("/", () => Results.Ok());
        app.MapFunctionsHost();
        map?.Invoke(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>Waits, polling, until <paramref name="condition"/> holds; fails after a generous timeout (never a duration assertion).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (cts.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits, polling, until <paramref name="probe"/> finds something, and returns it.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        T? found = null;
        await EventuallyAsync(async () => (found = await probe()) is not null, what);
        return found!;
    }

    /// <summary>Every log entry written, with its exception.</summary>
    public sealed class LogSink : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> entries = new();

        public IReadOnlyList<LogEntry> Entries => [.. entries];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
        }
    }

    public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);
}
