using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Events;

/// <summary>
/// One outbox message as handlers see it: what happened (<see cref="Type"/>), at which version of the booking
/// (<see cref="Sequence"/>), and the booking as it is now, with its service loaded.
/// </summary>
public sealed record BookingEvent(long MessageId, string Type, int Sequence, Instant OccurredAt, Booking Booking)
{
    /// <summary>For a move: the booking's time before it (null for other events).</summary>
    public Interval? Previous { get; init; }

    /// <summary>The booking changed again after this event (a later event is on its way).</summary>
    public bool IsStale => Sequence < Booking.Sequence;
}

/// <summary>
/// Reacts to booking events (emails, webhooks). Delivery is at least once: a handler that throws is retried with
/// backoff, and may see the same event again after a restart, so handlers should tolerate repeats.
/// </summary>
public interface IBookingEventHandler
{
    /// <summary>A short stable name, used in logs and in <see cref="OutboxMessage.LastError"/>.</summary>
    string Name { get; }

    Task HandleAsync(BookingEvent bookingEvent, CancellationToken cancellationToken);
}
