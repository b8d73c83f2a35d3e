using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Events;

namespace OpenBooking.Tools.Calendar.Google;

public enum CalendarSyncOutcome
{
    /// <summary>Google is not connected: nothing was written; the background sync catches up after a (re)connect.</summary>
    NotConnected,
    UpToDate,
    Inserted,
    Updated,
    Deleted,
}

/// <summary>One booking's Google Calendar event as the dashboard and the manage page may show it.</summary>
public sealed record GoogleEventLink(string CalendarId, string EventId, string? HtmlLink, CalendarSyncStatus Status, string? LastError);

/// <summary>
/// Keeps each booking's Google Calendar event in step with the booking. It reconciles rather than replays: whatever the
/// event type, the booking as it is now decides (confirmed → the event exists with its current times; cancelled →
/// the event is deleted), so repeated, late or out-of-order deliveries are harmless.
/// </summary>
/// <remarks>
/// A booking is never lost because Google was down: the event id (<see cref="EventIdFor"/>) is recorded before
/// Google is called, a failed call leaves the <see cref="CalendarSync"/> row pending and throws (so the outbox
/// dispatcher retries with its backoff), and <see cref="SyncPendingAsync"/> (run in the background every
/// <see cref="GoogleOptions.SyncInterval"/> and right after a connect) picks up whatever is still missing, including
/// bookings made while Google was disconnected.
/// </remarks>
public sealed partial class GoogleCalendarSync(
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    GoogleCalendarClient client,
    GoogleConnectionStore connection,
    GoogleFreeBusyCache freeBusy,
    IOptionsMonitor<BusinessOptions> business,
    IClock clock,
    ILogger<GoogleCalendarSync> logger)
{
    /// <summary>Private extended property that marks events OpenBooking wrote.</summary>
    public const string BookingIdProperty = "openbookingBookingId";

    private const int SweepBatchSize = 100;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, SemaphoreSlim> _gates = new();

    /// <summary>
    /// The event id OpenBooking chooses for a booking: "ob" and the booking id in hex, 34 characters, all within
    /// Google's base32hex alphabet (a-v, 0-9). The same id on every try is what makes a retried insert safe.
    /// </summary>
    public static string EventIdFor(Guid bookingId) => "ob" + bookingId.ToString("N");

    /// <summary>
    /// Handles one outbox event (<see cref="BookingEventTypes"/>): reminders need no calendar change; every other
    /// type syncs the booking. Throws <see cref="GoogleCalendarException"/> when Google failed, for a retry later.
    /// </summary>
    public async Task HandleAsync(string eventType, Guid bookingId, CancellationToken cancellationToken = default)
    {
        if (eventType != BookingEventTypes.ReminderDue)
        {
            await SyncBookingAsync(bookingId, cancellationToken);
        }
    }

    /// <summary>Makes Google's event match the booking (insert, patch or delete, or nothing when it already does).</summary>
    /// <exception cref="GoogleCalendarException">Google failed; the row stays pending and the error is recorded.</exception>
    public async Task<CalendarSyncOutcome> SyncBookingAsync(Guid bookingId, CancellationToken cancellationToken = default)
    {
        // The outbox handler and the background sweep may reach the same booking at once: one at a time here.
        var gate = _gates.GetOrAdd(bookingId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await SyncBookingOnceAsync(bookingId, cancellationToken);
        }
        finally
        {
            gate.Release();
            if (gate.CurrentCount == 1)
            {
                _gates.TryRemove(new KeyValuePair<Guid, SemaphoreSlim>(bookingId, gate));
            }
        }
    }

    private async Task<CalendarSyncOutcome> SyncBookingOnceAsync(Guid bookingId, CancellationToken cancellationToken)
    {
        var snapshot = await connection.GetSnapshotAsync(cancellationToken);
        if (!snapshot.IsConnected)
        {
            return CalendarSyncOutcome.NotConnected;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var booking = await db.Bookings.AsNoTracking().Include(b => b.Service).FirstOrDefaultAsync(b => b.Id == bookingId, cancellationToken);
        if (booking is null)
        {
            return CalendarSyncOutcome.UpToDate;
        }
        var sync = await db.CalendarSyncs.FirstOrDefaultAsync(s => s.BookingId == bookingId, cancellationToken);
        try
        {
            if (booking.Status == BookingStatus.Cancelled)
            {
                if (sync is null || sync.Status == CalendarSyncStatus.Deleted)
                {
                    return CalendarSyncOutcome.UpToDate;
                }
                await client.DeleteEventAsync(sync.CalendarId, sync.EventId, cancellationToken);
                sync.Status = CalendarSyncStatus.Deleted;
                await SavedAsync(db, sync, booking, cancellationToken);
                return CalendarSyncOutcome.Deleted;
            }

            if (sync is { Status: CalendarSyncStatus.Synced } && sync.SyncedSequence == booking.Sequence)
            {
                return CalendarSyncOutcome.UpToDate;
            }
            if (sync is null)
            {
                // Recorded before calling Google: if the insert reaches Google but its answer is lost, a later cancel
                // still knows which event to delete, and a retry inserts the same id.
                sync = new CalendarSync
                {
                    BookingId = booking.Id,
                    CalendarId = snapshot.CalendarId,
                    EventId = EventIdFor(booking.Id),
                    UpdatedAt = clock.GetCurrentInstant(),
                };
                db.CalendarSyncs.Add(sync);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // Another process recorded it first: carry on with its row (the event id is the same).
                    db.Entry(sync).State = EntityState.Detached;
                    sync = await db.CalendarSyncs.FirstAsync(s => s.BookingId == bookingId, cancellationToken);
                }
            }

            var wanted = EventFor(booking);
            GoogleEvent written;
            CalendarSyncOutcome outcome;
            if (sync.SyncedSequence < 0)
            {
                wanted.Id = sync.EventId;
                written = await client.InsertEventAsync(sync.CalendarId, wanted, cancellationToken);
                outcome = CalendarSyncOutcome.Inserted;
            }
            else
            {
                try
                {
                    written = await client.PatchEventAsync(sync.CalendarId, sync.EventId, wanted, cancellationToken);
                }
                catch (GoogleCalendarException ex) when (ex.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Gone)
                {
                    // Someone deleted the event in Google Calendar; the booking still stands, so it goes back in.
                    wanted.Id = sync.EventId;
                    written = await client.InsertEventAsync(sync.CalendarId, wanted, cancellationToken);
                }
                outcome = CalendarSyncOutcome.Updated;
            }
            sync.ETag = written.ETag;
            sync.HtmlLink = written.HtmlLink ?? sync.HtmlLink;
            sync.EventStart = booking.Start;
            sync.EventEnd = booking.End;
            sync.Status = CalendarSyncStatus.Synced;
            await SavedAsync(db, sync, booking, cancellationToken);
            return outcome;
        }
        catch (GoogleNotConnectedException)
        {
            // The token service recorded why; the sweep after a reconnect syncs this booking.
            return CalendarSyncOutcome.NotConnected;
        }
        catch (GoogleCalendarException ex)
        {
            LogSyncFailed(booking.Id, ex.Message);
            if (sync is not null)
            {
                if (sync.Status == CalendarSyncStatus.Synced)
                {
                    sync.Status = CalendarSyncStatus.Pending;
                }
                sync.Attempts++;
                sync.LastError = Truncate(ex.Message);
                sync.UpdatedAt = clock.GetCurrentInstant();
                await db.SaveChangesAsync(CancellationToken.None);
            }
            await connection.RecordErrorAsync($"Calendar sync failed (it is retried): {ex.Message}", CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Syncs bookings whose event is missing or out of date: upcoming confirmed bookings without a synced event of
    /// their current version, and cancelled bookings whose event is not deleted yet. Stops at the first transient
    /// failure (Google is down; the next run tries again). Returns how many bookings it changed in Google.
    /// </summary>
    public async Task<int> SyncPendingAsync(CancellationToken cancellationToken = default)
    {
        if (!(await connection.GetSnapshotAsync(cancellationToken)).IsConnected)
        {
            return 0;
        }
        var changed = 0;
        foreach (var bookingId in await NeedingSyncAsync(SweepBatchSize, cancellationToken))
        {
            try
            {
                var outcome = await SyncBookingAsync(bookingId, cancellationToken);
                if (outcome == CalendarSyncOutcome.NotConnected)
                {
                    break;
                }
                if (outcome != CalendarSyncOutcome.UpToDate)
                {
                    changed++;
                }
            }
            catch (GoogleCalendarException ex) when (ex.IsTransient)
            {
                break;
            }
            catch (GoogleCalendarException)
            {
                // Recorded on the booking's row; the others may still go through.
            }
        }
        return changed;
    }

    /// <summary>How many bookings wait for their calendar event (shown in the dashboard).</summary>
    public async Task<int> CountPendingAsync(CancellationToken cancellationToken = default) =>
        (await NeedingSyncAsync(int.MaxValue, cancellationToken)).Count;

    /// <summary>The booking's Google event, when one was written or is being written.</summary>
    public async Task<GoogleEventLink?> FindEventAsync(Guid bookingId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CalendarSyncs.AsNoTracking()
            .Where(s => s.BookingId == bookingId)
            .Select(s => new GoogleEventLink(s.CalendarId, s.EventId, s.HtmlLink, s.Status, s.LastError))
            .FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<List<Guid>> NeedingSyncAsync(int max, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var upcoming = await db.Bookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Confirmed && b.End > now
                && !db.CalendarSyncs.Any(s => s.BookingId == b.Id && s.Status == CalendarSyncStatus.Synced && s.SyncedSequence == b.Sequence))
            .OrderBy(b => b.Start)
            .Select(b => b.Id)
            .Take(max)
            .ToListAsync(cancellationToken);
        var cancelled = await db.CalendarSyncs.AsNoTracking()
            .Where(s => s.Status != CalendarSyncStatus.Deleted
                && db.Bookings.Any(b => b.Id == s.BookingId && b.Status == BookingStatus.Cancelled))
            .Select(s => s.BookingId)
            .Take(max)
            .ToListAsync(cancellationToken);
        return [.. upcoming, .. cancelled];
    }

    private async Task SavedAsync(OpenBookingDbContext db, CalendarSync sync, Booking booking, CancellationToken cancellationToken)
    {
        sync.SyncedSequence = booking.Sequence;
        sync.Attempts = 0;
        sync.LastError = null;
        sync.UpdatedAt = clock.GetCurrentInstant();
        // Google has it now: losing this write only means the next sync repeats an idempotent call.
        await db.SaveChangesAsync(CancellationToken.None);
        freeBusy.Clear();
        await connection.RecordSuccessAsync(CancellationToken.None);
    }

    /// <summary>The event a booking should be: service and customer, start and end with offset and zone, the customer as attendee.</summary>
    internal GoogleEvent EventFor(Booking booking)
    {
        var options = business.CurrentValue;
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(booking.TimeZone) ?? options.Zone;
        var service = booking.Service?.Name ?? "Appointment";
        var manageUrl = $"{(options.LinkBaseUrl ?? "").TrimEnd('/')}/booking/{booking.ManageToken}";
        var description = new StringBuilder()
            .Append(service).Append(" booked through OpenBooking by ").Append(booking.Email).AppendLine(".");
        if (!string.IsNullOrWhiteSpace(booking.Notes))
        {
            description.AppendLine().Append("Notes: ").AppendLine(booking.Notes);
        }
        description.AppendLine().Append("Manage this booking: ").Append(manageUrl);
        return new GoogleEvent
        {
            Status = "confirmed",
            Summary = $"{service}: {booking.Email}",
            Description = description.ToString(),
            Start = new GoogleEventTime { DateTime = WireFormat.Format(booking.Start, zone), TimeZone = zone.Id },
            End = new GoogleEventTime { DateTime = WireFormat.Format(booking.End, zone), TimeZone = zone.Id },
            Attendees = [new GoogleAttendee { Email = booking.Email }],
            ExtendedProperties = new GoogleExtendedProperties { Private = new() { [BookingIdProperty] = booking.Id.ToString() } },
        };
    }

    private static string Truncate(string message) => message.Length <= 1000 ? message : message[..1000];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Google Calendar sync of booking {BookingId} failed; it is kept and retried: {Reason}")]
    private partial void LogSyncFailed(Guid bookingId, string reason);
}
