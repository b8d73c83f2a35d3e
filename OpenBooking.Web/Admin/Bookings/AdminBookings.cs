using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;

using OpenBooking.Tools.Mcp;

namespace OpenBooking.Web.Admin;

/// <summary>A booking as the dashboard lists it, with local times in the business time zone.</summary>
public sealed record BookingRow(
    Guid Id,
    string Email,
    string Service,
    LocalDateTime Start,
    LocalDateTime End,
    BookingStatus Status,
    Instant CreatedAt,
    string? Notes)
{
    /// <summary>"Wed 10 Jun 2026 14:00–15:00": how the list, the calendar's tooltips and the audit log name a booking.</summary>
    public string When => AdminFormat.Slot(Start, End);
}

public sealed record BookingCounts(int Today, int Upcoming);

/// <summary>Bookings for the dashboard: lists, counts and the staff's cancel and reschedule (audited).</summary>
public sealed class AdminBookings(
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    BookingService bookings,
    AuditLog audit,
    IClock clock)
{
    public DateTimeZone Zone => bookings.Zone;

    public LocalDate Today => clock.GetCurrentInstant().InZone(Zone).Date;

    /// <summary>Confirmed bookings starting today, and in the next 7 days from now.</summary>
    public async Task<BookingCounts> CountsAsync(CancellationToken cancellationToken = default)
    {
        var zone = Zone;
        var now = clock.GetCurrentInstant();
        var today = now.InZone(zone).Date;
        var startOfToday = zone.AtStartOfDay(today).ToInstant();
        var endOfToday = zone.AtStartOfDay(today.PlusDays(1)).ToInstant();
        var weekAhead = now + Duration.FromDays(7);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var confirmed = db.Bookings.Where(b => b.Status == BookingStatus.Confirmed);
        return new BookingCounts(
            await confirmed.CountAsync(b => b.Start >= startOfToday && b.Start < endOfToday, cancellationToken),
            await confirmed.CountAsync(b => b.End > now && b.Start < weekAhead, cancellationToken));
    }

    /// <summary>
    /// Bookings starting between two local dates (inclusive), earliest first; <paramref name="email"/> matches part of
    /// the address. Cancelled bookings only when asked for.
    /// </summary>
    public async Task<List<BookingRow>> ListAsync(
        LocalDate from, LocalDate to, string? email = null, bool includeCancelled = false, int max = 1000, CancellationToken cancellationToken = default)
    {
        var zone = Zone;
        var start = zone.AtStartOfDay(from).ToInstant();
        var end = zone.AtStartOfDay(to.PlusDays(1)).ToInstant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Bookings.AsNoTracking().Include(b => b.Service).Where(b => b.Start >= start && b.Start < end);
        if (!includeCancelled)
        {
            query = query.Where(b => b.Status == BookingStatus.Confirmed);
        }
        if (!string.IsNullOrWhiteSpace(email))
        {
            var term = email.Trim().ToLowerInvariant();
            query = query.Where(b => b.Email.Contains(term));
        }
        var rows = await query.OrderBy(b => b.Start).Take(max).ToListAsync(cancellationToken);
        return rows.ConvertAll(b => ToRow(b, zone));
    }

    /// <summary>The next confirmed bookings after today.</summary>
    public async Task<List<BookingRow>> AfterTodayAsync(int max, CancellationToken cancellationToken = default)
    {
        var zone = Zone;
        var tomorrow = zone.AtStartOfDay(Today.PlusDays(1)).ToInstant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Bookings.AsNoTracking().Include(b => b.Service)
            .Where(b => b.Status == BookingStatus.Confirmed && b.Start >= tomorrow)
            .OrderBy(b => b.Start).Take(max).ToListAsync(cancellationToken);
        return rows.ConvertAll(b => ToRow(b, zone));
    }

    public async Task<BookingRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var booking = await db.Bookings.AsNoTracking().Include(b => b.Service).FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        return booking is null ? null : ToRow(booking, Zone);
    }

    /// <summary>Free starts for moving a booking (same service and length) between two dates.</summary>
    public async Task<List<LocalDateTime>> FreeStartsForAsync(Guid bookingId, LocalDate from, LocalDate to, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var booking = await db.Bookings.AsNoTracking().Where(b => b.Id == bookingId)
            .Select(b => new { b.ServiceId, b.Start, b.End }).FirstAsync(cancellationToken);
        var slots = await bookings.FindFreeSlotsAsync(from, to, booking.End - booking.Start, 200, booking.ServiceId, cancellationToken);
        var zone = Zone;
        return slots.ConvertAll(s => s.Start.InZone(zone).LocalDateTime);
    }

    /// <summary>Cancels as staff (no customer code needed; the change notice still applies) and records who did it.</summary>
    public async Task CancelAsync(string actor, Guid id, CancellationToken cancellationToken = default)
    {
        var cancelled = await bookings.CancelAsync(id, email: null, cancellationToken);
        var row = ToRow(cancelled, Zone);
        await audit.WriteAsync(actor, AuditActions.BookingCancelled, $"Cancelled the booking of {row.Email} on {row.When}.", cancellationToken);
    }

    /// <summary>Moves a booking as staff to a new free start and records who did it.</summary>
    public async Task<BookingRow> RescheduleAsync(string actor, Guid id, LocalDateTime newStart, CancellationToken cancellationToken = default)
    {
        var before = await GetAsync(id, cancellationToken) ?? throw new BookingException(ToolErrorCodes.NotFound, "That booking no longer exists.");
        var moved = await bookings.RescheduleAsync(id, email: null, newStart, cancellationToken: cancellationToken);
        var after = ToRow(moved, Zone);
        await audit.WriteAsync(actor, AuditActions.BookingRescheduled, $"Moved the booking of {after.Email} from {before.When} to {after.When}.", cancellationToken);
        return after;
    }

    private static BookingRow ToRow(OpenBooking.Tools.Data.Booking b, DateTimeZone zone) => new(
        b.Id,
        b.Email,
        b.Service?.Name ?? "",
        b.Start.InZone(zone).LocalDateTime,
        b.End.InZone(zone).LocalDateTime,
        b.Status,
        b.CreatedAt,
        b.Notes);
}

/// <summary>How the dashboard writes dates and times (English, 24-hour clock, like the chat).</summary>
public static class AdminFormat
{
    private static readonly LocalDatePattern DayPattern = LocalDatePattern.CreateWithInvariantCulture("ddd d MMM uuuu");
    private static readonly LocalDatePattern LongDayPattern = LocalDatePattern.CreateWithInvariantCulture("dddd d MMMM");
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public static string Day(LocalDate date) => DayPattern.Format(date);

    public static string LongDay(LocalDate date) => LongDayPattern.Format(date);

    public static string Time(LocalTime time) => TimePattern.Format(time);

    public static string Slot(LocalDateTime start, LocalDateTime end) => $"{Day(start.Date)} {Time(start.TimeOfDay)}–{Time(end.TimeOfDay)}";

    /// <summary>"45 min", "2 h", "1 h 30 min", "1 day", "3 days".</summary>
    public static string Minutes(int minutes) => minutes switch
    {
        0 => "none",
        < 60 => $"{minutes} min",
        _ when minutes % 1440 == 0 => minutes == 1440 ? "1 day" : $"{minutes / 1440} days",
        _ when minutes % 60 == 0 => $"{minutes / 60} h",
        _ => $"{minutes / 60} h {minutes % 60} min",
    };

    public static string Moment(Instant instant, DateTimeZone zone)
    {
        var local = instant.InZone(zone).LocalDateTime;
        return $"{Day(local.Date)} {Time(local.TimeOfDay)}";
    }
}
