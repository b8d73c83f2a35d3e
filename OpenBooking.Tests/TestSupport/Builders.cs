using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Events;
using BookingEntity = OpenBooking.Tools.Data.Booking;

namespace OpenBooking.Tests.TestSupport;

/// <summary>A service with the entity's own defaults (60 minutes, capacity 1, 90 days ahead) unless a test says otherwise.</summary>
public sealed class ServiceBuilder
{
    public const string DefaultName = "Haircut";

    private readonly Service _service = new() { Name = DefaultName };

    public ServiceBuilder Named(string name)
    {
        _service.Name = name;
        return this;
    }

    public ServiceBuilder Described(string description)
    {
        _service.Description = description;
        return this;
    }

    public ServiceBuilder Lasting(int minutes)
    {
        _service.DurationMinutes = minutes;
        return this;
    }

    public ServiceBuilder StartingEvery(int minutes)
    {
        _service.SlotIntervalMinutes = minutes;
        return this;
    }

    public ServiceBuilder WithBufferAfter(int minutes)
    {
        _service.BufferAfterMinutes = minutes;
        return this;
    }

    /// <summary>How many bookings may overlap.</summary>
    public ServiceBuilder WithCapacity(int capacity)
    {
        _service.Capacity = capacity;
        return this;
    }

    /// <summary>How many days ahead customers may book it.</summary>
    public ServiceBuilder BookableDaysAhead(int days)
    {
        _service.HorizonDays = days;
        return this;
    }

    /// <summary>Its place in lists (lower first; the default service has 0).</summary>
    public ServiceBuilder SortedAt(int order)
    {
        _service.SortOrder = order;
        return this;
    }

    public Service Build() => _service;

    public Task<Service> SaveAsync(ToolsTestHost host) => host.WithDbAsync(db => SaveAsync(db));

    public Task<Service> SaveAsync(AppHost app) => app.WithDbAsync(db => SaveAsync(db));

    private async Task<Service> SaveAsync(OpenBookingDbContext db)
    {
        db.Services.Add(_service);
        await db.SaveChangesAsync();
        return _service;
    }
}

/// <summary>A booking written straight to the database (with its customer and service), with sensible defaults.</summary>
public sealed class BookingBuilder
{
    private string _email = "john@example.com";
    private string _service = ServiceBuilder.DefaultName;
    private string _zone = "Europe/Brussels";
    private LocalDateTime _start = new(2026, 3, 30, 15, 0);
    private Duration _length = Duration.FromHours(1);
    private Duration _bookedAgo = Duration.FromDays(3);

    public BookingBuilder For(string email)
    {
        _email = email;
        return this;
    }

    public BookingBuilder At(LocalDateTime start, string zone = "Europe/Brussels")
    {
        _start = start;
        _zone = zone;
        return this;
    }

    /// <summary>The service by name; one of that name is added (lasting the booking's length) when there is none.</summary>
    public BookingBuilder OfService(string name)
    {
        _service = name;
        return this;
    }

    public BookingBuilder Lasting(Duration length)
    {
        _length = length;
        return this;
    }

    /// <summary>How long before the host's current time the booking was made.</summary>
    public BookingBuilder BookedAgo(Duration ago)
    {
        _bookedAgo = ago;
        return this;
    }

    /// <summary>Saves the booking and, unless told otherwise, its <c>booking.created</c> outbox message.</summary>
    public async Task<BookingEntity> SaveAsync(ToolsTestHost host, bool recordCreated = true)
    {
        var now = host.Clock.GetCurrentInstant();
        var start = _start.InZoneStrictly(DateTimeZoneProviders.Tzdb[_zone]).ToInstant();
        BookingEntity booking;
        await using (var db = await host.Get<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync())
        {
            var customer = await db.GetOrAddCustomerAsync(_email, now);
            var service = await db.Services.FirstOrDefaultAsync(s => s.Name == _service);
            if (service is null)
            {
                service = new ServiceBuilder().Named(_service).Lasting((int)_length.TotalMinutes).Build();
                db.Services.Add(service);
            }
            booking = new BookingEntity
            {
                CustomerId = customer.Id,
                Service = service,
                Email = _email,
                Start = start,
                End = start + _length,
                BlockStart = start,
                BlockEnd = start + _length,
                TimeZone = _zone,
                ManageToken = Guid.NewGuid().ToString("N"),
                CreatedAt = now - _bookedAgo,
            };
            db.Bookings.Add(booking);
            await db.SaveChangesAsync();
        }
        if (recordCreated)
        {
            await host.RecordAsync(booking.Id, BookingEventTypes.Created);
        }
        return booking;
    }
}
