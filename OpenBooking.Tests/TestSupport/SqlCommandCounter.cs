using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace OpenBooking.Tests.TestSupport;

/// <summary>
/// Counts the SQL commands and commits EF Core runs, from its diagnostic events (so nothing in the app changes). A
/// command counts as "in scope" when it runs inside <see cref="Measure"/> (the same async flow), or, with an activity
/// name, inside that activity (e.g. <c>execute_tool create_booking</c>, the tool call's span, which reaches the tool
/// on the MCP server's own flow). Every other command counts only in <see cref="AllCommands"/>: the background work.
/// Shared with the benchmarks' load tool.
/// </summary>
public sealed class SqlCommandCounter : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private const string CommandExecuted = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted";
    private const string CommandError = "Microsoft.EntityFrameworkCore.Database.Command.CommandError";
    private const string TransactionCommitted = "Microsoft.EntityFrameworkCore.Database.Transaction.TransactionCommitted";
    private const string QueryCompilationStarting = "Microsoft.EntityFrameworkCore.Query.QueryCompilationStarting";

    private readonly AsyncLocal<bool> _measuring = new();
    private readonly string? _activityName;
    private readonly ActivityListener? _activities;
    private readonly IDisposable _listeners;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly ConcurrentQueue<string> _inScope = new();
    private long _all;
    private long _commits;
    private long _compilations;
    private volatile bool _stopped;

    public SqlCommandCounter(string? activityName = null)
    {
        _activityName = activityName;
        if (activityName is not null)
        {
            // The tool-call span exists only when someone listens to its source.
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "OpenBooking",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            };
            ActivitySource.AddActivityListener(_activities);
        }
        _listeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>The commands run in scope, in order.</summary>
    public IReadOnlyList<string> Commands => [.. _inScope];

    /// <summary>Transactions committed in scope.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>LINQ queries EF Core compiled (rather than found in its cache) since the last <see cref="Reset"/>, in scope or not.</summary>
    public long QueryCompilations => Interlocked.Read(ref _compilations);

    /// <summary>Every command of the process since the last <see cref="Reset"/>, in scope or not.</summary>
    public long AllCommands => Interlocked.Read(ref _all);

    /// <summary>Counts the commands of the current async flow until disposed.</summary>
    public IDisposable Measure()
    {
        _measuring.Value = true;
        return new Scope(this);
    }

    public void Reset()
    {
        _inScope.Clear();
        Interlocked.Exchange(ref _all, 0);
        Interlocked.Exchange(ref _commits, 0);
        Interlocked.Exchange(ref _compilations, 0);
    }

    /// <summary>Stops counting (the numbers stay readable).</summary>
    public void Stop() => _stopped = true;

    /// <summary>Per operation: the commands and commits in scope, and all commands.</summary>
    public string Describe(int operations) => string.Create(CultureInfo.InvariantCulture,
        $"{(double)_inScope.Count / operations:F2} SQL commands and {(double)Commits / operations:F2} commits on the request path, {(double)AllCommands / operations:F2} commands in all, {(double)QueryCompilations / operations:F2} query compilations");

    public void Dispose()
    {
        _listeners.Dispose();
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
        _activities?.Dispose();
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "Microsoft.EntityFrameworkCore")
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this, name => name is CommandExecuted or CommandError or TransactionCommitted or QueryCompilationStarting));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (_stopped)
        {
            return;
        }
        if (value.Key == QueryCompilationStarting)
        {
            Interlocked.Increment(ref _compilations);
            return;
        }
        var inScope = _measuring.Value || (_activityName is not null && InActivity(_activityName));
        if (value.Key == TransactionCommitted)
        {
            if (inScope)
            {
                Interlocked.Increment(ref _commits);
            }
            return;
        }
        Interlocked.Increment(ref _all);
        if (inScope && value.Value is Microsoft.EntityFrameworkCore.Diagnostics.CommandEndEventData data)
        {
            _inScope.Enqueue(data.Command.CommandText);
        }
    }

    private static bool InActivity(string name)
    {
        for (var activity = Activity.Current; activity is not null; activity = activity.Parent)
        {
            if (activity.OperationName == name)
            {
                return true;
            }
        }
        return false;
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    private sealed class Scope(SqlCommandCounter counter) : IDisposable
    {
        public void Dispose() => counter._measuring.Value = false;
    }
}
