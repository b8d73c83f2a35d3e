using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Data;

using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tools.Calendar;

/// <summary>The services customers can book, and the business's schedule (hours, closures, zone).</summary>
/// <remarks>
/// Services and closures are read from the database once and kept until <see cref="CatalogVersion"/> moves: at once
/// when this process saves one, within <see cref="DatabaseOptions.ChangeCheckSeconds"/> when another instance does.
/// So checking a slot costs no query for them. The <see cref="Service"/> objects handed out are shared: read them,
/// never change them (load a service from a context to edit it).
/// </remarks>
public sealed class ServiceCatalog(
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    CatalogVersion version,
    IOptionsMonitor<BusinessOptions> business,
    IOptionsMonitor<BookingOptions> booking)
{
    private volatile Snapshot? _snapshot;

    public DateTimeZone Zone => business.CurrentValue.Zone;

    /// <summary>Active services in display order.</summary>
    public async Task<List<Service>> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await SnapshotAsync(cancellationToken)).Active];

    /// <summary>The service with this id (active or not), or the first active one when <paramref name="id"/> is null.</summary>
    public async Task<Service> GetAsync(Guid? id, CancellationToken cancellationToken = default)
    {
        var snapshot = await SnapshotAsync(cancellationToken);
        if (id is null)
        {
            return snapshot.Active.FirstOrDefault() ?? throw new BookingException(ToolErrorCodes.NotFound, "No services are available for booking right now.");
        }
        return snapshot.All.GetValueOrDefault(id.Value) ?? throw new BookingException(ToolErrorCodes.NotFound, "That service does not exist.");
    }

    /// <summary>Finds an active service by id or by name (case-insensitive, whole name or a unique prefix).</summary>
    public async Task<Service?> FindAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        var services = (await SnapshotAsync(cancellationToken)).Active;
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
        var snapshot = await SnapshotAsync(cancellationToken);
        return new BusinessSchedule(options.Zone, WeeklyOpeningHours.From(options), snapshot.ClosedDays);
    }

    /// <summary>Closures that end on or after <paramref name="from"/> and start on or before <paramref name="to"/>, earliest first.</summary>
    public async Task<List<Closure>> ClosuresAsync(LocalDate from, LocalDate to, CancellationToken cancellationToken = default) =>
        [.. (await SnapshotAsync(cancellationToken)).Closures.Where(c => c.To >= from && c.From <= to).OrderBy(c => c.From)];

    /// <summary>What the database holds now, read again only after <see cref="CatalogVersion"/> moved.</summary>
    private async ValueTask<Snapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var current = version.Current;
        if (_snapshot is { } kept && kept.Version == current)
        {
            return kept;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var services = await db.Services.AsNoTracking().OrderBy(s => s.SortOrder).ThenBy(s => s.Name).ToListAsync(cancellationToken);
        var closures = await db.Closures.AsNoTracking().ToListAsync(cancellationToken);
        // Stamped with the version seen before reading: a change saved meanwhile moved it, so the next call reads again.
        var loaded = new Snapshot(current, services, closures);
        _snapshot = loaded;
        return loaded;
    }

    private sealed class Snapshot(long version, List<Service> services, List<Closure> closures)
    {
        public long Version { get; } = version;
        public IReadOnlyList<Service> Active { get; } = [.. services.Where(s => s.IsActive)];
        public IReadOnlyDictionary<Guid, Service> All { get; } = services.ToDictionary(s => s.Id);
        public IReadOnlyList<Closure> Closures { get; } = closures;
        public IReadOnlyList<DateInterval> ClosedDays { get; } = [.. closures.Select(c => new DateInterval(c.From, c.To))];
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
