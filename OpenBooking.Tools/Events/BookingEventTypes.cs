namespace OpenBooking.Tools.Events;

/// <summary>
/// The booking event types, the one definition of their names: the booking service writes them to
/// <see cref="Data.OutboxMessage.Type"/>, the reminder scheduler writes <see cref="ReminderDue"/>, and handlers
/// (emails, Google Calendar, Zapier) branch on them. They are also on the wire: Zapier webhooks send them as the
/// payload's <c>type</c> and the <c>X-OpenBooking-Event-Type</c> header, so a name never changes.
/// </summary>
public static class BookingEventTypes
{
    public const string Created = "booking.created";
    public const string Rescheduled = "booking.rescheduled";
    public const string Cancelled = "booking.cancelled";

    /// <summary>Written by the reminder scheduler when a booking's reminder is due.</summary>
    public const string ReminderDue = "booking.reminder_due";
}
