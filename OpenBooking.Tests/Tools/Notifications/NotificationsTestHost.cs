using Microsoft.EntityFrameworkCore;
using NodaTime.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Events;
using OpenBooking.Tools.Notifications;
using BookingEntity = OpenBooking.Tools.Data.Booking;

namespace OpenBooking.Tests.Tools.Notifications;

/// <summary>
/// A <see cref="ToolsTestHost"/> for notification tests: the background loops are off (tests run passes by hand with
/// the fake clock), a named business with a public base URL, and optionally another host's data directory.
/// </summary>
internal static class NotificationsTestHost
{
    public const string BaseUrl = "https://book.example.com";
    public const string From = "bookings@studio.example";

    public static Task<ToolsTestHost> StartAsync(
        FakeClock? clock = null,
        string? sharedDataDirectory = null,
        Action<IServiceCollection>? configure = null,
        IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Notifications:RunInBackground"] = "false",
            ["Business:Name"] = "Studio Anna",
            ["Business:PublicBaseUrl"] = BaseUrl,
            ["Email:From"] = From,
        };
        if (sharedDataDirectory is not null)
        {
            // Added after the host's own temp folder setting, so it wins: both hosts use one database and one mail folder.
            all["Storage:DataDirectory"] = sharedDataDirectory;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        return ToolsTestHost.StartAsync(clock ?? TestClock.At("2026-03-27T10:00"), all, configure);
    }

    public static OutboxDispatcher Dispatcher(this ToolsTestHost host) => host.Get<OutboxDispatcher>();

    public static ReminderScheduler Reminders(this ToolsTestHost host) => host.Get<ReminderScheduler>();

    public static IReadOnlyList<ReceivedEmail> Emails(this ToolsTestHost host) =>
        [.. host.Get<PickupMailbox>().ReadNewest(500).Reverse()];

    public static async Task<List<OutboxMessage>> OutboxAsync(this ToolsTestHost host)
    {
        await using var db = await host.Get<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync();
        return await db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    public static async Task<BookingEntity> BookingAsync(this ToolsTestHost host, Guid id)
    {
        await using var db = await host.Get<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync();
        return await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == id);
    }

    /// <summary>Writes an outbox message for the booking's current sequence, as the booking service does with each change.</summary>
    public static async Task<OutboxMessage> RecordAsync(this ToolsTestHost host, Guid bookingId, string type)
    {
        await using var db = await host.Get<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync();
        var booking = await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == bookingId);
        var now = host.Clock.GetCurrentInstant();
        var message = new OutboxMessage { Type = type, BookingId = bookingId, Sequence = booking.Sequence, OccurredAt = now, NextAttemptAt = now };
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
        return message;
    }

    /// <summary>Changes a booking the way the booking service does (one more sequence) and records the event.</summary>
    public static async Task<BookingEntity> ChangeAsync(this ToolsTestHost host, Guid bookingId, string type, Action<BookingEntity> change)
    {
        await using (var db = await host.Get<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync())
        {
            var booking = await db.Bookings.SingleAsync(b => b.Id == bookingId);
            change(booking);
            booking.Sequence++;
            await db.SaveChangesAsync();
        }
        await host.RecordAsync(bookingId, type);
        return await host.BookingAsync(bookingId);
    }

    public static Task<BookingEntity> CancelAsync(this ToolsTestHost host, Guid bookingId) =>
        host.ChangeAsync(bookingId, BookingEventTypes.Cancelled, b =>
        {
            b.Status = BookingStatus.Cancelled;
            b.CancelledAt = host.Clock.GetCurrentInstant();
        });

    /// <summary>Moves a booking as the booking service does: same length, and a reminder again for the new time.</summary>
    public static Task<BookingEntity> MoveAsync(this ToolsTestHost host, Guid bookingId, LocalDateTime newStart) =>
        host.ChangeAsync(bookingId, BookingEventTypes.Rescheduled, b =>
        {
            var length = b.End - b.Start;
            b.Start = newStart.InZoneStrictly(DateTimeZoneProviders.Tzdb[b.TimeZone]).ToInstant();
            b.End = b.Start + length;
            b.BlockStart = b.Start;
            b.BlockEnd = b.End;
            b.ReminderSentAt = null;
        });
}

/// <summary>A booking written straight to the database (with its customer and service), with sensible defaults.</summary>
internal sealed class BookingBuilder
{
    private string _email = "john@example.com";
    private string _service = "Haircut";
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
                service = new Service { Name = _service, DurationMinutes = (int)_length.TotalMinutes };
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

/// <summary>A handler that fails its first <c>failures</c> calls, then records what it handled.</summary>
internal sealed class ScriptedHandler(string name, int failures = 0, Func<Exception>? error = null) : IBookingEventHandler
{
    private int _calls;

    public string Name => name;
    public int Calls => _calls;
    public System.Collections.Concurrent.ConcurrentQueue<BookingEvent> Handled { get; } = new();

    public Task HandleAsync(BookingEvent bookingEvent, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) <= failures)
        {
            throw error?.Invoke() ?? new InvalidOperationException($"{name} is down");
        }
        Handled.Enqueue(bookingEvent);
        return Task.CompletedTask;
    }
}
