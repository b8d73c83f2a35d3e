using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Calendar.Google;

/// <summary>
/// The calendar provider availability uses: Google Calendar's busy time while Google is configured and connected
/// (checked at every call, so connecting or losing the connection takes effect at once), else the built-in calendar.
/// </summary>
public sealed class ConnectedCalendarProvider(GoogleConnectionStore connection, GoogleCalendarProvider google, BuiltInCalendarProvider builtIn) : ICalendarProvider
{
    public async Task<IReadOnlyList<Interval>> GetBusyAsync(Interval window, CancellationToken cancellationToken)
    {
        var snapshot = await connection.GetSnapshotAsync(cancellationToken);
        return snapshot.IsConnected
            ? await google.GetBusyAsync(snapshot.CalendarId, window, cancellationToken)
            : await builtIn.GetBusyAsync(window, cancellationToken);
    }
}

/// <summary>
/// Busy time from Google's free/busy answer, minus the events OpenBooking itself wrote (those bookings already count
/// in the database, and counting them twice would block a booking's own reschedule and a class's free places).
/// Answers are cached briefly per whole UTC days, so the several checks of one chat turn cost one call. When Google
/// fails, the error is logged and shown in the dashboard and no busy time is returned: the chat keeps working.
/// </summary>
public sealed partial class GoogleCalendarProvider(
    GoogleCalendarClient client,
    GoogleConnectionStore connection,
    GoogleFreeBusyCache cache,
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    IOptionsMonitor<GoogleOptions> options,
    IClock clock,
    ILogger<GoogleCalendarProvider> logger)
{
    /// <summary>After a failed call, Google is left alone this long (each search would otherwise wait for it again).</summary>
    public static readonly Duration FailureBackoff = Duration.FromSeconds(30);

    public async Task<IReadOnlyList<Interval>> GetBusyAsync(string calendarId, Interval window, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var days = WholeUtcDays(window);
        if (!cache.TryGet(calendarId, days, now, out var busy))
        {
            if (cache.IsFailing(now))
            {
                return [];
            }
            try
            {
                busy = await client.QueryFreeBusyAsync(calendarId, days, GoogleCallUrgency.Interactive, cancellationToken);
                cache.Set(calendarId, days, busy, now + Duration.FromTimeSpan(options.CurrentValue.FreeBusyCacheDuration));
                await connection.RecordSuccessAsync(CancellationToken.None);
            }
            catch (GoogleCalendarException ex)
            {
                cache.MarkFailing(now + FailureBackoff);
                LogFreeBusyFailed(ex.Message);
                if (ex is not GoogleNotConnectedException)
                {
                    await connection.RecordErrorAsync($"Free/busy lookup failed, so only OpenBooking's own bookings counted: {ex.Message}", CancellationToken.None);
                }
                return [];
            }
        }
        var inWindow = busy.Where(b => b.Start < window.End && b.End > window.Start).ToList();
        if (inWindow.Count == 0)
        {
            return [];
        }
        return Subtract(inWindow, await OwnEventsAsync(calendarId, window, cancellationToken));
    }

    /// <summary>Times of the events OpenBooking put in this calendar: as Google has them, and as the booking now is.</summary>
    private async Task<List<Interval>> OwnEventsAsync(string calendarId, Interval window, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.CalendarSyncs.AsNoTracking()
            .Where(s => s.CalendarId == calendarId && s.Status != CalendarSyncStatus.Deleted)
            .Join(db.Bookings, s => s.BookingId, b => b.Id, (s, b) => new { s.EventStart, s.EventEnd, b.Start, b.End })
            .Where(r => (r.Start < window.End && r.End > window.Start) || (r.EventStart < window.End && r.EventEnd > window.Start))
            .ToListAsync(cancellationToken);
        var own = new List<Interval>(rows.Count * 2);
        foreach (var row in rows)
        {
            own.Add(new Interval(row.Start, row.End));
            if (row.EventStart is { } start && row.EventEnd is { } end && start < end)
            {
                own.Add(new Interval(start, end));
            }
        }
        return own;
    }

    internal static Interval WholeUtcDays(Interval window)
    {
        var day = Duration.FromDays(1).BclCompatibleTicks;
        var startTicks = window.Start.ToUnixTimeTicks();
        var endTicks = window.End.ToUnixTimeTicks();
        var start = startTicks - (((startTicks % day) + day) % day);
        var end = endTicks + ((day - (((endTicks % day) + day) % day)) % day);
        return new Interval(Instant.FromUnixTimeTicks(start), Instant.FromUnixTimeTicks(end));
    }

    /// <summary>The parts of <paramref name="busy"/> that none of <paramref name="remove"/> covers.</summary>
    internal static List<Interval> Subtract(IReadOnlyList<Interval> busy, IReadOnlyList<Interval> remove)
    {
        if (remove.Count == 0)
        {
            return [.. busy];
        }
        var cuts = remove.OrderBy(r => r.Start).ToList();
        var result = new List<Interval>();
        foreach (var interval in busy)
        {
            var from = interval.Start;
            foreach (var cut in cuts)
            {
                if (cut.End <= from || cut.Start >= interval.End)
                {
                    continue;
                }
                if (cut.Start > from)
                {
                    result.Add(new Interval(from, cut.Start));
                }
                from = Instant.Max(from, cut.End);
                if (from >= interval.End)
                {
                    break;
                }
            }
            if (from < interval.End)
            {
                result.Add(new Interval(from, interval.End));
            }
        }
        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Google free/busy lookup failed; using OpenBooking's own bookings only for now: {Reason}")]
    private partial void LogFreeBusyFailed(string reason);
}

/// <summary>Recent free/busy answers per calendar and window (any cached window covering the asked one serves it), and a short pause after a failure.</summary>
public sealed class GoogleFreeBusyCache
{
    private const int MaxEntries = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string CalendarId, Interval Window), (Instant Until, IReadOnlyList<Interval> Busy)> _entries = [];
    private Instant _failingUntil = Instant.MinValue;

    public bool TryGet(string calendarId, Interval window, Instant now, out IReadOnlyList<Interval> busy)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((calendarId, window), out var exact) && exact.Until > now)
            {
                busy = exact.Busy;
                return true;
            }
            // A wider answer serves a narrower question (a search asks for days, then a check for one slot).
            foreach (var ((calendar, cached), entry) in _entries)
            {
                if (calendar == calendarId && entry.Until > now && cached.Start <= window.Start && cached.End >= window.End)
                {
                    busy = entry.Busy;
                    return true;
                }
            }
        }
        busy = [];
        return false;
    }

    public void Set(string calendarId, Interval window, IReadOnlyList<Interval> busy, Instant until)
    {
        lock (_gate)
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
            _entries[(calendarId, window)] = (until, busy);
            _failingUntil = Instant.MinValue;
        }
    }

    public bool IsFailing(Instant now)
    {
        lock (_gate)
        {
            return now < _failingUntil;
        }
    }

    public void MarkFailing(Instant until)
    {
        lock (_gate)
        {
            _failingUntil = until;
        }
    }

    /// <summary>Forget everything (an event was written, the calendar or the connection changed).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _failingUntil = Instant.MinValue;
        }
    }
}
