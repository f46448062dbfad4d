using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Text;
using Azure.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoyaltyBot.Functions.Tests.Infrastructure;

/// <summary>One captured log line: its message, and as <see cref="Text"/> everything a sink may store of it (the message, its structured values, its exception in full, the scopes around it).</summary>
public sealed record CapturedLine(string Category, LogLevel Level, string Message, string Text)
{
    public override string ToString() => $"{Level} {Category}: {Text}";
}

/// <summary>
/// A logging provider that keeps every line the app writes as the text a log sink would store. <see cref="AddTo"/> adds it
/// to an app either at the levels the app's configuration allows, or at Trace for every category whatever the
/// configuration says.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLine> lines = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLine> Lines => [.. lines];

    public void AddTo(IServiceCollection services, bool everyLevel) => services.AddLogging(logging =>
    {
        logging.AddProvider(this);
        if (everyLevel)
        {
            // A rule for this provider outranks every category rule of the configuration, however specific.
            logging.AddFilter<LogCapture>(null, LogLevel.Trace);
        }
    });

    /// <summary>Also keeps the Azure SDK's own event source logging, at its most verbose, until disposed.</summary>
    public IDisposable ListenToAzureSdk() =>
        new AzureEventSourceListener((e, message) => lines.Enqueue(new CapturedLine(e.EventSource.Name, LogLevel.Trace, message, message)), EventLevel.Verbose);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            var text = new StringBuilder(message);
            // Structured sinks store the values apart from the message, so they count too.
            AppendValues(text, state);
            if (exception is not null)
            {
                text.Append('\n').Append(exception);
            }

            capture.scopes.ForEachScope((scope, builder) =>
            {
                builder.Append("\n=> ").Append(scope);
                AppendValues(builder, scope);
            }, text);
            capture.lines.Enqueue(new CapturedLine(category, logLevel, message, text.ToString()));
        }

        private static void AppendValues(StringBuilder text, object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append(" | ").Append(key).Append('=').Append(value);
                }
            }
        }
    }
}
