using OpenBooking.Tools.Events;

namespace OpenBooking.Tools.Calendar.Google;

/// <summary>Puts booking changes into Google Calendar as the outbox delivers them (retried by the outbox on failure).</summary>
public sealed class GoogleCalendarEventHandler(GoogleCalendarSync sync) : IBookingEventHandler
{
    public string Name => "google-calendar";

    public Task HandleAsync(BookingEvent bookingEvent, CancellationToken cancellationToken) =>
        bookingEvent.Type == BookingEventTypes.ReminderDue
            ? Task.CompletedTask
            : sync.HandleAsync(bookingEvent.Type, bookingEvent.Booking.Id, cancellationToken);
}
