using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Events;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tools.Calendar;

/// <summary>
/// Availability and the booking lifecycle. A write is one transaction that re-checks the slot and records an
/// outbox event; the database itself (a trigger) refuses an overlap beyond capacity, so two processes sharing the
/// file cannot both win.
/// </summary>
public sealed class BookingService(
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    IClock clock,
    ServiceCatalog catalog,
    ICalendarProvider calendar,
    IOutboxSignal outbox,
    SqliteWriteGate writes)
{
    public ServiceCatalog Services => catalog;

    /// <summary>The business time zone (settings may change it at run time).</summary>
    public DateTimeZone Zone => catalog.Zone;

    public ZonedDateTime Now => clock.GetCurrentInstant().InZone(Zone);

    /// <param name="ignoring">A booking that does not count as busy: the one being moved, so its own time can be offered.</param>
    public async Task<List<Interval>> FindFreeSlotsAsync(
        LocalDate from, LocalDate to, Duration? length = null, int max = 50, Guid? serviceId = null,
        CancellationToken cancellationToken = default, Guid? ignoring = null)
    {
        var service = await catalog.GetAsync(serviceId, cancellationToken);
        var schedule = await catalog.ScheduleAsync(cancellationToken);
        var zone = schedule.Zone;
        var now = clock.GetCurrentInstant();
        var today = now.InZone(zone).Date;
        var last = LocalDate.Min(to, today.PlusDays(service.HorizonDays));
        from = LocalDate.Max(from, today);
        if (last < from)
        {
            return [];
        }
        var rules = ServiceCatalog.RulesFor(service, length);
        var window = new Interval(zone.AtStartOfDay(from).ToInstant(), zone.AtStartOfDay(last.PlusDays(1)).ToInstant());
        var (booked, busy) = await OccupancyAsync(Widen(window, rules), ignoring, cancellationToken);
        return AvailabilityEngine.FreeSlots(schedule, new DateInterval(from, last), rules, booked, busy,
            now + Duration.FromMinutes(service.MinimumNoticeMinutes), now + Duration.FromDays(service.HorizonDays), max);
    }

    /// <summary>Is this local start free for the service? If not, why, and the nearest free slots.</summary>
    public Task<SlotCheck> CheckAsync(LocalDateTime start, Duration? length = null, Guid? serviceId = null, CancellationToken cancellationToken = default) =>
        CheckAsync(start, length, serviceId, ignoring: null, bookingsToo: true, cancellationToken);

    /// <summary>The free slots nearest to a wanted start, preferring the same day.</summary>
    public async Task<List<Interval>> NearestAsync(LocalDateTime wanted, Duration? length, int count, Guid? serviceId = null, CancellationToken cancellationToken = default)
    {
        var zone = Zone;
        var target = zone.ResolveLocal(wanted, NodaTime.TimeZones.Resolvers.LenientResolver).ToInstant();
        var candidates = await FindFreeSlotsAsync(wanted.Date.PlusDays(-3), wanted.Date.PlusDays(14), length, 500, serviceId, cancellationToken);
        return [.. candidates
            .OrderBy(s => s.Start.InZone(zone).Date == wanted.Date ? 0 : 1)
            .ThenBy(s => Math.Abs((s.Start - target).TotalTicks))
            .Take(count)
            .OrderBy(s => s.Start)];
    }

    /// <summary>
    /// Books a slot. The rules (opening hours, closures, notice, the calendar's busy time) are checked first, from the
    /// cached catalog; then one write transaction writes the customer, holds the database's write lock (SQLite: from its
    /// start; PostgreSQL: the booking guard's advisory lock, taken after the customer), checks the slot against the
    /// bookings and writes the booking and its outbox event: four SQL commands. A slot taken meanwhile, by any instance,
    /// is seen by that check and refused as <see cref="ToolErrorCodes.SlotTaken"/> without a database error; the guard
    /// trigger stays as the last word.
    /// </summary>
    public async Task<Booking> CreateAsync(
        string email, LocalDateTime start, Duration? length = null, string? notes = null, Guid? serviceId = null, CancellationToken cancellationToken = default)
    {
        email = EmailAddress.Normalize(email);
        var service = await catalog.GetAsync(serviceId, cancellationToken);
        var check = await CheckAsync(start, length, service.Id, ignoring: null, bookingsToo: false, cancellationToken);
        if (!check.IsFree)
        {
            throw new BookingException(check.Problem, check.Alternatives);
        }
        var slot = check.Slot!.Value;
        var rules = ServiceCatalog.RulesFor(service, slot.Duration);
        var block = rules.BlockFor(slot.Start);
        var now = clock.GetCurrentInstant();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Booking? created;
        try
        {
            using var turn = await writes.EnterAsync(cancellationToken);
            // Built inside the callback, which runs again if PostgreSQL retries the transaction.
            created = await db.InTransactionAsync(async transaction =>
            {
                // The customer first: on PostgreSQL the lock is then held for the check and the insert only.
                var customer = await db.GetOrAddCustomerAsync(email, now, cancellationToken);
                if (db.IsPostgreSql())
                {
                    await BookingGuard.LockAsync(db, cancellationToken);
                }
                if (!AvailabilityEngine.IsFree(rules, block, await BookedBlocksAsync(db, block, ignoring: null, cancellationToken), []))
                {
                    return null;
                }
                var booking = new Booking
                {
                    CustomerId = customer.Id,
                    ServiceId = service.Id,
                    Email = email,
                    Start = slot.Start,
                    End = slot.End,
                    BlockStart = block.Start,
                    BlockEnd = block.End,
                    Capacity = service.Capacity,
                    TimeZone = Zone.Id,
                    ManageToken = NewManageToken(),
                    Notes = notes,
                    CreatedAt = now,
                };
                db.Bookings.Add(booking);
                db.OutboxMessages.Add(Event(BookingEventTypes.Created, booking, now));
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return booking;
            }, cancellationToken);
        }
        catch (DbUpdateException ex) when (IsOverlap(ex))
        {
            throw await TakenMeanwhileAsync(start, slot.Duration, service.Id, cancellationToken);
        }
        if (created is null)
        {
            throw new BookingException(SlotProblem.Taken, await NearestAsync(start, slot.Duration, 3, service.Id, cancellationToken));
        }
        outbox.Notify();
        created.Service = service;
        return created;
    }

    public async Task<List<Booking>> ListUpcomingAsync(string email, CancellationToken cancellationToken = default)
    {
        email = EmailAddress.Normalize(email);
        var now = clock.GetCurrentInstant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Bookings.AsNoTracking().Include(b => b.Service)
            .Where(b => b.Email == email && b.Status == BookingStatus.Confirmed && b.End > now)
            .OrderBy(b => b.Start)
            .ToListAsync(cancellationToken);
    }

    public async Task<Booking?> FindByManageTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Bookings.AsNoTracking().Include(b => b.Service).FirstOrDefaultAsync(b => b.ManageToken == token, cancellationToken);
    }

    public async Task<Booking> CancelAsync(Guid bookingId, string? email, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await FindForChangeAsync(db, bookingId, email, cancellationToken);
        if (found.Status == BookingStatus.Cancelled)
        {
            return found;
        }
        var now = clock.GetCurrentInstant();
        EnsureChangeAllowed(found, now, "cancelled");
        found.Status = BookingStatus.Cancelled;
        found.CancelledAt = now;
        found.Sequence++;
        db.OutboxMessages.Add(Event(BookingEventTypes.Cancelled, found, now));
        using (await writes.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        outbox.Notify();
        return found;
    }

    /// <summary>
    /// Moves a booking to a new start: the same booking (same id, manage link and calendar UID) with a higher
    /// sequence, and a fresh reminder. Refused with the reason when the new time is not free or the notice is too short.
    /// </summary>
    public async Task<Booking> RescheduleAsync(
        Guid bookingId, string? email, LocalDateTime newStart, Duration? length = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await FindForChangeAsync(db, bookingId, email, cancellationToken);
        if (found.Status == BookingStatus.Cancelled)
        {
            throw new BookingException(ToolErrorCodes.BookingCancelled, "That booking is cancelled; book a new time instead.");
        }
        var now = clock.GetCurrentInstant();
        EnsureChangeAllowed(found, now, "moved");
        var check = await CheckAsync(newStart, length ?? (found.End - found.Start), found.ServiceId, found.Id, bookingsToo: true, cancellationToken);
        if (!check.IsFree)
        {
            throw new BookingException(check.Problem, check.Alternatives);
        }
        var slot = check.Slot!.Value;
        var block = ServiceCatalog.RulesFor(found.Service!, slot.Duration).BlockFor(slot.Start);
        var previous = new Interval(found.Start, found.End);
        found.Start = slot.Start;
        found.End = slot.End;
        found.BlockStart = block.Start;
        found.BlockEnd = block.End;
        found.ReminderSentAt = null;
        found.Sequence++;
        var message = Event(BookingEventTypes.Rescheduled, found, now);
        message.PreviousStart = previous.Start;
        message.PreviousEnd = previous.End;
        db.OutboxMessages.Add(message);
        await SaveOrExplainTakenAsync(db, newStart, slot.Duration, found.ServiceId, cancellationToken);
        outbox.Notify();
        return found;
    }

    public static string Explain(SlotProblem problem) => problem switch
    {
        SlotProblem.Taken => "That time is already booked.",
        SlotProblem.OutsideOpeningHours => "That time is outside our opening hours.",
        SlotProblem.Closed => "We are closed that day.",
        SlotProblem.InThePast => "That time has already passed.",
        SlotProblem.TooSoon => "That is too soon to book; please choose a later time.",
        SlotProblem.TooFarAhead => "That is further ahead than we take bookings.",
        SlotProblem.DoesNotExist => "That time does not exist on that day because the clocks change.",
        _ => "That time is free.",
    };

    /// <summary>The stable code of a slot problem (see <see cref="ToolErrorCodes"/>).</summary>
    public static string ErrorCodeFor(SlotProblem problem) => problem switch
    {
        SlotProblem.Taken => ToolErrorCodes.SlotTaken,
        SlotProblem.OutsideOpeningHours => ToolErrorCodes.OutsideOpeningHours,
        SlotProblem.Closed => ToolErrorCodes.Closed,
        SlotProblem.InThePast => ToolErrorCodes.InThePast,
        SlotProblem.TooSoon => ToolErrorCodes.TooSoon,
        SlotProblem.TooFarAhead => ToolErrorCodes.TooFarAhead,
        SlotProblem.DoesNotExist => ToolErrorCodes.TimeDoesNotExist,
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, "A free slot has no error code."),
    };

    /// <param name="bookingsToo">False: the rules and the calendar's busy time only (no query), for a caller that checks the bookings itself.</param>
    private async Task<SlotCheck> CheckAsync(LocalDateTime start, Duration? length, Guid? serviceId, Guid? ignoring, bool bookingsToo, CancellationToken cancellationToken)
    {
        var service = await catalog.GetAsync(serviceId, cancellationToken);
        var rules = ServiceCatalog.RulesFor(service, length);
        var schedule = await catalog.ScheduleAsync(cancellationToken);
        Interval? slot = null;
        SlotProblem problem;
        if (!AvailabilityEngine.TryResolveStart(schedule.Zone, start, out var instant))
        {
            problem = SlotProblem.DoesNotExist;
        }
        else
        {
            slot = new Interval(instant, instant + rules.Length);
            problem = await ProblemWithAsync(schedule, service, rules, slot.Value, ignoring, bookingsToo, cancellationToken);
        }
        var alternatives = problem == SlotProblem.None ? [] : await NearestAsync(start, length, 3, service.Id, cancellationToken);
        return new SlotCheck(start, slot, problem, alternatives);
    }

    private async Task<SlotProblem> ProblemWithAsync(
        BusinessSchedule schedule, Service service, SlotRules rules, Interval slot, Guid? ignoring, bool bookingsToo, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        if (slot.Start < now)
        {
            return SlotProblem.InThePast;
        }
        if (slot.Start < now + Duration.FromMinutes(service.MinimumNoticeMinutes))
        {
            return SlotProblem.TooSoon;
        }
        if (slot.Start > now + Duration.FromDays(service.HorizonDays))
        {
            return SlotProblem.TooFarAhead;
        }
        if (schedule.IsClosed(slot.Start.InZone(schedule.Zone).Date))
        {
            return SlotProblem.Closed;
        }
        if (!AvailabilityEngine.IsWithinOpeningHours(schedule.Hours, schedule.Zone, slot.Start, slot.End))
        {
            return SlotProblem.OutsideOpeningHours;
        }
        var block = rules.BlockFor(slot.Start);
        if (!bookingsToo)
        {
            return AvailabilityEngine.IsFree(rules, block, [], await calendar.GetBusyAsync(block, cancellationToken)) ? SlotProblem.None : SlotProblem.Taken;
        }
        var (booked, busy) = await OccupancyAsync(block, ignoring, cancellationToken);
        return AvailabilityEngine.IsFree(rules, block, booked, busy) ? SlotProblem.None : SlotProblem.Taken;
    }

    /// <summary>Confirmed bookings' blocks and the calendar's busy time that meet a window.</summary>
    private async Task<(List<BookedBlock> Booked, IReadOnlyList<Interval> Busy)> OccupancyAsync(Interval window, Guid? ignoring, CancellationToken cancellationToken)
    {
        List<BookedBlock> booked;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            booked = await BookedBlocksAsync(db, window, ignoring, cancellationToken);
        }
        return (booked, await calendar.GetBusyAsync(window, cancellationToken));
    }

    private static async Task<List<BookedBlock>> BookedBlocksAsync(OpenBookingDbContext db, Interval window, Guid? ignoring, CancellationToken cancellationToken)
    {
        var rows = await db.Bookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Confirmed && b.BlockStart < window.End && b.BlockEnd > window.Start && b.Id != ignoring)
            .OrderBy(b => b.BlockStart)
            .Select(b => new { b.BlockStart, b.BlockEnd, b.ServiceId })
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(r => new BookedBlock(r.BlockStart, r.BlockEnd, r.ServiceId));
    }

    private static Interval Widen(Interval window, SlotRules rules) =>
        new(window.Start - rules.BufferBefore - Duration.FromDays(1), window.End + rules.BufferAfter + Duration.FromDays(1));

    private async Task<Booking> FindForChangeAsync(OpenBookingDbContext db, Guid bookingId, string? email, CancellationToken cancellationToken)
    {
        var found = await db.Bookings.Include(b => b.Service).FirstOrDefaultAsync(b => b.Id == bookingId, cancellationToken);
        if (found is null || (email is not null && found.Email != EmailAddress.Normalize(email)))
        {
            // Same answer whether the booking does not exist or belongs to someone else.
            throw new BookingException(ToolErrorCodes.NotFound, "No booking with that id was found for this email.");
        }
        return found;
    }

    private static void EnsureChangeAllowed(Booking booking, Instant now, string verb)
    {
        if (booking.Start <= now)
        {
            throw new BookingException(ToolErrorCodes.TooLateToChange, $"That appointment has already started, so it can no longer be {verb}.");
        }
        var notice = Duration.FromMinutes(booking.Service?.ChangeNoticeMinutes ?? 0);
        if (booking.Start - now < notice)
        {
            throw new BookingException(
                ToolErrorCodes.TooLateToChange,
                $"Bookings can only be {verb} up to {Describe(notice)} before they start. Please contact us directly.");
        }
    }

    private async Task SaveOrExplainTakenAsync(OpenBookingDbContext db, LocalDateTime wanted, Duration length, Guid serviceId, CancellationToken cancellationToken)
    {
        try
        {
            using var turn = await writes.EnterAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (IsOverlap(ex))
        {
            throw await TakenMeanwhileAsync(wanted, length, serviceId, cancellationToken);
        }
    }

    /// <summary>Someone else won the slot between our check and our write: the database refused the overlap.</summary>
    private async Task<BookingException> TakenMeanwhileAsync(LocalDateTime wanted, Duration length, Guid serviceId, CancellationToken cancellationToken)
    {
        var alternatives = await NearestAsync(wanted, length, 3, serviceId, cancellationToken);
        return new BookingException(ToolErrorCodes.SlotTaken, "That slot was just taken.", SlotProblem.Taken, alternatives);
    }

    private static OutboxMessage Event(string type, Booking booking, Instant now) => new()
    {
        Type = type,
        BookingId = booking.Id,
        Sequence = booking.Sequence,
        OccurredAt = now,
        NextAttemptAt = now,
    };

    private static string Describe(Duration notice) => notice.TotalHours >= 1 && notice.Minutes == 0
        ? $"{(int)notice.TotalHours} hour{(notice.TotalHours == 1 ? "" : "s")}"
        : $"{(int)notice.TotalMinutes} minutes";

    private static string NewManageToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool IsOverlap(DbUpdateException ex) =>
        ex.InnerException switch
        {
            SqliteException sqlite => sqlite.Message.Contains(BookingGuard.Error, StringComparison.Ordinal),
            Npgsql.PostgresException postgres => postgres.MessageText == BookingGuard.Error,
            _ => false,
        };
}
