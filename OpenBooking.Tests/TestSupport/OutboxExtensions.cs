using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Events;
using OpenBooking.Tools.Notifications;
using BookingEntity = OpenBooking.Tools.Data.Booking;

namespace OpenBooking.Tests.TestSupport;

/// <summary>
/// The outbox as tests drive it: run the dispatcher and the reminder scheduler by hand (with
/// <see cref="TestSettings.WithoutBackgroundWork"/>), read the outbox, and change bookings the way the booking
/// service does.
/// </summary>
public static class OutboxExtensions
{
    public static OutboxDispatcher Dispatcher(this ToolsTestHost host) => host.Get<OutboxDispatcher>();

    public static ReminderScheduler Reminders(this ToolsTestHost host) => host.Get<ReminderScheduler>();

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
