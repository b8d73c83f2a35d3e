using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Data;

using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tools.Calendar;

/// <summary>The services customers can book, and the business's schedule (hours, closures, zone).</summary>
public sealed class ServiceCatalog(
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    IOptionsMonitor<BusinessOptions> business,
    IOptionsMonitor<BookingOptions> booking)
{
    public DateTimeZone Zone => business.CurrentValue.Zone;

    /// <summary>Active services in display order.</summary>
    public async Task<List<Service>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Services.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.SortOrder).ThenBy(s => s.Name).ToListAsync(cancellationToken);
    }

    /// <summary>The service with this id, or the first active one when <paramref name="id"/> is null.</summary>
    public async Task<Service> GetAsync(Guid? id, CancellationToken cancellationToken = default)
    {
        var services = await ListAsync(cancellationToken);
        if (id is null)
        {
            return services.FirstOrDefault() ?? throw new BookingException(ToolErrorCodes.NotFound, "No services are available for booking right now.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new BookingException(ToolErrorCodes.NotFound, "That service does not exist.");
    }

    /// <summary>Finds an active service by id or by name (case-insensitive, whole name or a unique prefix).</summary>
    public async Task<Service?> FindAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        var services = await ListAsync(cancellationToken);
        if (Guid.TryParse(idOrName, out var id))
        {
            return services.FirstOrDefault(s => s.Id == id);
        }
        var name = idOrName.Trim();
        return services.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? (services.Where(s => s.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase)).ToList() is [var only] ? only : null);
    }

    public async Task<BusinessSchedule> ScheduleAsync(CancellationToken cancellationToken = default)
    {
        var options = business.CurrentValue;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var closures = await db.Closures.AsNoTracking().Select(c => new { c.From, c.To }).ToListAsync(cancellationToken);
        return new BusinessSchedule(options.Zone, WeeklyOpeningHours.From(options), [.. closures.Select(c => new DateInterval(c.From, c.To))]);
    }

    /// <summary>Closures that end on or after <paramref name="from"/> and start on or before <paramref name="to"/>, earliest first.</summary>
    public async Task<List<Closure>> ClosuresAsync(LocalDate from, LocalDate to, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Dates are stored as ISO text, which compares in date order but not through the LocalDate converter in SQL.
        var all = await db.Closures.AsNoTracking().ToListAsync(cancellationToken);
        return [.. all.Where(c => c.To >= from && c.From <= to).OrderBy(c => c.From)];
    }

    public static SlotRules RulesFor(Service service, Duration? length = null) => new(
        service.Id,
        length ?? Duration.FromMinutes(service.DurationMinutes),
        Duration.FromMinutes(service.BufferBeforeMinutes),
        Duration.FromMinutes(service.BufferAfterMinutes),
        Period.FromMinutes(service.SlotIntervalMinutes),
        service.Capacity);

    /// <summary>Creates the default service from the <c>Booking</c> settings when there is none (first start).</summary>
    public async Task EnsureDefaultServiceAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Services.AnyAsync(cancellationToken))
        {
            return;
        }
        var options = booking.CurrentValue;
        db.Services.Add(new Service
        {
            Id = ServiceCatalogDefaults.DefaultServiceId,
            Name = ServiceCatalogDefaults.DefaultServiceName,
            DurationMinutes = options.DefaultDurationMinutes,
            SlotIntervalMinutes = options.SlotIntervalMinutes,
            HorizonDays = options.HorizonDays,
            MinimumNoticeMinutes = options.MinimumNoticeMinutes,
            ChangeNoticeMinutes = options.ChangeNoticeMinutes,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another process sharing the database seeded it first.
        }
    }
}

/// <summary>Busy time from the connected calendar (Google Calendar, or none for the built-in calendar).</summary>
public interface ICalendarProvider
{
    Task<IReadOnlyList<Interval>> GetBusyAsync(Interval window, CancellationToken cancellationToken);
}

/// <summary>The built-in calendar: bookings live in the database, so there is no extra busy time.</summary>
public sealed class BuiltInCalendarProvider : ICalendarProvider
{
    public Task<IReadOnlyList<Interval>> GetBusyAsync(Interval window, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Interval>>([]);
}
