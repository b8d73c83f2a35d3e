using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OpenBooking.Tests.TestSupport;

/// <summary>
/// A logger provider that keeps every formatted message at every level (and any exception text), so a test can
/// read what the app logged (the first-run setup link) or prove what it never logged (secrets). One instance may
/// serve several hosts; disposing a host leaves it usable.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> messages = new();

    public IReadOnlyList<string> Lines => [.. messages];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture.messages.Enqueue(exception is null ? $"{logLevel} {category}: {formatter(state, exception)}" : $"{logLevel} {category}: {formatter(state, exception)}\n{exception}");
            }
        }
    }
}
