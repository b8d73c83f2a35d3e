using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Calendar.Google;

/// <summary>What availability needs to know at every call: is Google usable, and which calendar.</summary>
public sealed record GoogleConnectionSnapshot(bool IsConnected, string CalendarId);

/// <summary>
/// Reads and writes the Google <see cref="CalendarConnection"/> row. Availability asks <see cref="GetSnapshotAsync"/>
/// on every search, so the answer is kept for a few seconds (writes in this process drop it at once; another
/// process sharing the database is seen within <see cref="SnapshotLifetime"/>).
/// </summary>
public sealed class GoogleConnectionStore(
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    IOptionsMonitor<GoogleOptions> options,
    IClock clock)
{
    public static readonly Duration SnapshotLifetime = Duration.FromSeconds(10);

    private readonly Lock _gate = new();
    private (GoogleConnectionSnapshot Snapshot, Instant Until)? _cached;
    private Instant? _lastSuccessWritten;

    /// <summary>Connected and configured? Never throws for a missing row.</summary>
    public async Task<GoogleConnectionSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        if (!settings.IsConfigured)
        {
            return new GoogleConnectionSnapshot(false, settings.CalendarId);
        }
        var now = clock.GetCurrentInstant();
        lock (_gate)
        {
            if (_cached is { } cached && cached.Until > now)
            {
                return cached.Snapshot;
            }
        }
        var row = await FindAsync(cancellationToken);
        var snapshot = new GoogleConnectionSnapshot(
            row is { Status: CalendarConnectionStatus.Connected, ProtectedRefreshToken: not null } && row.ClientId == settings.ClientId,
            row?.CalendarId ?? settings.CalendarId);
        lock (_gate)
        {
            _cached = (snapshot, now + SnapshotLifetime);
        }
        return snapshot;
    }

    /// <summary>The row as stored (not tracked), or null before the first connect.</summary>
    public async Task<CalendarConnection?> FindAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CalendarConnections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == CalendarConnection.GoogleId, cancellationToken);
    }

    /// <summary>Loads (or creates) the row, applies <paramref name="change"/> and saves only the columns it changed.</summary>
    public async Task<CalendarConnection> UpdateAsync(Action<CalendarConnection> change, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var row = await db.CalendarConnections.FirstOrDefaultAsync(c => c.Id == CalendarConnection.GoogleId, cancellationToken);
            if (row is null)
            {
                row = new CalendarConnection { Id = CalendarConnection.GoogleId };
                db.CalendarConnections.Add(row);
            }
            change(row);
            row.UpdatedAt = clock.GetCurrentInstant();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                Invalidate();
                return row;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another process created the row between our read and our insert: apply the change to theirs.
            }
        }
    }

    /// <summary>Records a problem for the dashboard (the message must already be free of secrets).</summary>
    public Task RecordErrorAsync(string message, CancellationToken cancellationToken = default)
    {
        _lastSuccessWritten = null;
        return UpdateAsync(c =>
        {
            c.LastError = Truncate(message);
            c.LastErrorAt = clock.GetCurrentInstant();
        }, cancellationToken);
    }

    /// <summary>
    /// Google answered a sync or free/busy call: the dashboard's "last sync", and the last error is over. Written at
    /// most once a minute while all goes well, so busy availability searches do not queue on the database.
    /// </summary>
    public async Task RecordSuccessAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        if (_lastSuccessWritten is { } last && now - last < Duration.FromMinutes(1))
        {
            return;
        }
        await UpdateAsync(c =>
        {
            c.LastSyncAt = now;
            c.LastError = null;
            c.LastErrorAt = null;
        }, cancellationToken);
        _lastSuccessWritten = now;
    }

    /// <summary>Forgets the tokens and says why; bookings carry on with the built-in calendar.</summary>
    public Task MarkDisconnectedAsync(string reason, CancellationToken cancellationToken = default)
    {
        _lastSuccessWritten = null;
        return UpdateAsync(c =>
        {
            c.Status = CalendarConnectionStatus.Disconnected;
            c.ProtectedAccessToken = null;
            c.ProtectedRefreshToken = null;
            c.AccessTokenExpiresAt = null;
            c.LastError = Truncate(reason);
            c.LastErrorAt = clock.GetCurrentInstant();
        }, cancellationToken);
    }

    public void Invalidate()
    {
        lock (_gate)
        {
            _cached = null;
        }
    }

    private static string Truncate(string message) => message.Length <= 1000 ? message : message[..1000];
}
