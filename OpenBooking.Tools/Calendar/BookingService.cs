using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.TimeZones;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;

namespace OpenBooking.Tools.Calendar;

public enum SlotProblem
{
    None,
    Taken,
    OutsideOpeningHours,
    InThePast,
    TooFarAhead,
    DoesNotExist,
}

public sealed record SlotCheck(LocalDateTime RequestedStart, Interval? Slot, SlotProblem Problem, IReadOnlyList<Interval> Alternatives)
{
    public bool IsFree => Problem == SlotProblem.None;
}

/// <summary>A booking could not be made or changed; <see cref="Exception.Message"/> is safe to show a customer.</summary>
public sealed class BookingException(string message, SlotProblem problem = SlotProblem.None, IReadOnlyList<Interval>? alternatives = null)
    : Exception(message)
{
    public SlotProblem Problem { get; } = problem;
    public IReadOnlyList<Interval> Alternatives { get; } = alternatives ?? [];
}

/// <summary>
/// Availability and the booking lifecycle on the built-in calendar. Bookings are written in one transaction
/// that re-checks the slot; the database itself (a trigger) refuses an overlap, so two processes sharing the
/// file cannot both win.
/// </summary>
public sealed class BookingService(
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    IClock clock,
    IOptionsMonitor<BusinessOptions> business,
    IOptionsMonitor<BookingOptions> booking)
{
    public DateTimeZone Zone => business.CurrentValue.Zone;

    public ZonedDateTime Now => clock.GetCurrentInstant().InZone(Zone);

    public Duration DefaultDuration => booking.CurrentValue.DefaultDuration;

    public async Task<List<Interval>> FindFreeSlotsAsync(LocalDate from, LocalDate to, Duration? length = null, int max = 50, CancellationToken cancellationToken = default)
    {
        var zone = Zone;
        var options = booking.CurrentValue;
        var today = Now.Date;
        var last = LocalDate.Min(to, today.PlusDays(options.HorizonDays));
        from = LocalDate.Max(from, today);
        if (last < from)
        {
            return [];
        }
        var window = new Interval(
            zone.AtStartOfDay(from).ToInstant(),
            zone.AtStartOfDay(last.PlusDays(1)).ToInstant());
        var busy = await BusyAsync(window, cancellationToken);
        return AvailabilityEngine.FreeSlots(
            WeeklyOpeningHours.From(business.CurrentValue), zone, new DateInterval(from, last),
            length ?? options.DefaultDuration, Period.FromMinutes(options.SlotIntervalMinutes), busy,
            clock.GetCurrentInstant(), max);
    }

    /// <summary>Is this local start free for the given length? If not, why, and the nearest free slots.</summary>
    public async Task<SlotCheck> CheckAsync(LocalDateTime start, Duration? length = null, CancellationToken cancellationToken = default) =>
        await CheckAsync(start, length, ignoring: null, cancellationToken);

    /// <param name="ignoring">A booking that does not count as busy (the one being moved).</param>
    private async Task<SlotCheck> CheckAsync(LocalDateTime start, Duration? length, Guid? ignoring, CancellationToken cancellationToken)
    {
        var duration = length ?? DefaultDuration;
        var problem = SlotProblem.None;
        Interval? slot = null;
        if (!AvailabilityEngine.TryResolveStart(Zone, start, out var instant))
        {
            problem = SlotProblem.DoesNotExist;
        }
        else
        {
            slot = new Interval(instant, instant + duration);
            problem = await ProblemWithAsync(slot.Value, ignoring, cancellationToken);
        }
        var alternatives = problem == SlotProblem.None ? [] : await NearestAsync(start, duration, 3, cancellationToken);
        return new SlotCheck(start, slot, problem, alternatives);
    }

    /// <summary>The free slots nearest to a wanted start, preferring the same day.</summary>
    public async Task<List<Interval>> NearestAsync(LocalDateTime wanted, Duration length, int count, CancellationToken cancellationToken = default)
    {
        var target = Zone.ResolveLocal(wanted, Resolvers.LenientResolver).ToInstant();
        var candidates = await FindFreeSlotsAsync(wanted.Date.PlusDays(-3), wanted.Date.PlusDays(14), length, 500, cancellationToken);
        return [.. candidates
            .OrderBy(s => s.Start.InZone(Zone).Date == wanted.Date ? 0 : 1)
            .ThenBy(s => Math.Abs((s.Start - target).TotalTicks))
            .Take(count)
            .OrderBy(s => s.Start)];
    }

    public async Task<Booking> CreateAsync(string email, LocalDateTime start, Duration? length = null, string? notes = null, CancellationToken cancellationToken = default)
    {
        email = EmailAddress.Normalize(email);
        var check = await CheckAsync(start, length, cancellationToken);
        if (!check.IsFree)
        {
            throw new BookingException(Explain(check.Problem), check.Problem, check.Alternatives);
        }
        var slot = check.Slot!.Value;
        var now = clock.GetCurrentInstant();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.GetOrAddCustomerAsync(email, now, cancellationToken);
        var created = new Booking
        {
            CustomerId = customer.Id,
            Email = email,
            Start = slot.Start,
            End = slot.End,
            TimeZone = Zone.Id,
            ManageToken = NewManageToken(),
            Notes = notes,
            CreatedAt = now,
        };
        db.Bookings.Add(created);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (IsOverlap(ex))
        {
            // Someone else won the slot between our check and our write: the database refused the overlap.
            var alternatives = await NearestAsync(start, slot.End - slot.Start, 3, cancellationToken);
            throw new BookingException("That slot was just taken.", SlotProblem.Taken, alternatives);
        }
        return created;
    }

    public async Task<List<Booking>> ListUpcomingAsync(string email, CancellationToken cancellationToken = default)
    {
        email = EmailAddress.Normalize(email);
        var now = clock.GetCurrentInstant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Bookings.AsNoTracking()
            .Where(b => b.Email == email && b.Status == BookingStatus.Confirmed && b.End > now)
            .OrderBy(b => b.Start)
            .ToListAsync(cancellationToken);
    }

    public async Task<Booking?> FindByManageTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.ManageToken == token, cancellationToken);
    }

    public async Task<Booking> CancelAsync(Guid bookingId, string? email, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, cancellationToken);
        if (found is null || (email is not null && found.Email != EmailAddress.Normalize(email)))
        {
            // Same answer whether the booking does not exist or belongs to someone else.
            throw new BookingException("No booking with that id was found for this email.");
        }
        if (found.Status == BookingStatus.Cancelled)
        {
            return found;
        }
        if (found.Start <= clock.GetCurrentInstant())
        {
            throw new BookingException("That appointment has already started, so it can no longer be cancelled.");
        }
        found.Status = BookingStatus.Cancelled;
        found.CancelledAt = clock.GetCurrentInstant();
        found.Sequence++;
        await db.SaveChangesAsync(cancellationToken);
        return found;
    }

    /// <summary>
    /// Moves a booking to a new start: the same booking (same id, manage link and calendar UID) with a higher
    /// sequence. The move is refused with the reason when the new time is not free.
    /// </summary>
    public async Task<Booking> RescheduleAsync(Guid bookingId, string? email, LocalDateTime newStart, Duration? length = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, cancellationToken);
        if (found is null || (email is not null && found.Email != EmailAddress.Normalize(email)))
        {
            throw new BookingException("No booking with that id was found for this email.");
        }
        if (found.Status == BookingStatus.Cancelled)
        {
            throw new BookingException("That booking is cancelled; book a new time instead.");
        }
        if (found.Start <= clock.GetCurrentInstant())
        {
            throw new BookingException("That appointment has already started, so it can no longer be moved.");
        }
        var check = await CheckAsync(newStart, length ?? (found.End - found.Start), found.Id, cancellationToken);
        if (!check.IsFree)
        {
            throw new BookingException(Explain(check.Problem), check.Problem, check.Alternatives);
        }
        found.Start = check.Slot!.Value.Start;
        found.End = check.Slot.Value.End;
        found.Sequence++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (IsOverlap(ex))
        {
            var alternatives = await NearestAsync(newStart, check.Slot.Value.Duration, 3, cancellationToken);
            throw new BookingException("That slot was just taken.", SlotProblem.Taken, alternatives);
        }
        return found;
    }

    public static string Explain(SlotProblem problem) => problem switch
    {
        SlotProblem.Taken => "That time is already booked.",
        SlotProblem.OutsideOpeningHours => "That time is outside our opening hours.",
        SlotProblem.InThePast => "That time has already passed.",
        SlotProblem.TooFarAhead => "That is further ahead than we take bookings.",
        SlotProblem.DoesNotExist => "That time does not exist on that day because the clocks change.",
        _ => "That time is free.",
    };

    private async Task<SlotProblem> ProblemWithAsync(Interval slot, Guid? ignoring, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        if (slot.Start < now)
        {
            return SlotProblem.InThePast;
        }
        if (slot.Start > now + Duration.FromDays(booking.CurrentValue.HorizonDays))
        {
            return SlotProblem.TooFarAhead;
        }
        if (!AvailabilityEngine.IsWithinOpeningHours(WeeklyOpeningHours.From(business.CurrentValue), Zone, slot.Start, slot.End))
        {
            return SlotProblem.OutsideOpeningHours;
        }
        var busy = await BusyAsync(slot, cancellationToken, ignoring);
        return busy.Count > 0 ? SlotProblem.Taken : SlotProblem.None;
    }

    private async Task<List<Interval>> BusyAsync(Interval window, CancellationToken cancellationToken, Guid? ignoring = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Bookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Confirmed && b.Start < window.End && b.End > window.Start && b.Id != ignoring)
            .OrderBy(b => b.Start)
            .Select(b => new { b.Start, b.End })
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(r => new Interval(r.Start, r.End));
    }

    private static string NewManageToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool IsOverlap(DbUpdateException ex) =>
        ex.InnerException is SqliteException sqlite && sqlite.Message.Contains("booking_overlap", StringComparison.Ordinal);

}
