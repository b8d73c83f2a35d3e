using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Events;

namespace OpenBooking.Tools.Notifications;

/// <summary>
/// Emails the customer about each booking event. Created, rescheduled and cancelled events always send what
/// happened, even when the booking changed again since (see <see cref="BookingEmails"/> for what the .ics then
/// carries). A reminder is dropped when it no longer fits: the booking is cancelled, has moved since the reminder
/// was queued (its new time gets its own), or has already started.
/// </summary>
public sealed class BookingEmailHandler(
    IEmailSender sender,
    IOptionsMonitor<BusinessOptions> business,
    IOptionsMonitor<EmailOptions> email,
    IClock clock,
    ILogger<BookingEmailHandler> logger) : IBookingEventHandler
{
    public string Name => "email";

    public async Task HandleAsync(BookingEvent bookingEvent, CancellationToken cancellationToken)
    {
        var message = Compose(bookingEvent);
        if (message is null)
        {
            logger.LogInformation("No email for {Type} of booking {BookingId} (sequence {Sequence}, now {Current})",
                bookingEvent.Type, bookingEvent.Booking.Id, bookingEvent.Sequence, bookingEvent.Booking.Sequence);
            return;
        }
        await sender.SendAsync(message, cancellationToken);
    }

    /// <summary>The email for an event, or null when there is none to send.</summary>
    public EmailMessage? Compose(BookingEvent bookingEvent)
    {
        var booking = bookingEvent.Booking;
        var options = business.CurrentValue;
        var now = clock.GetCurrentInstant();
        var context = new BookingEmailContext(booking, options.Name, options.Zone, options.LinkBaseUrl, email.CurrentValue.From, now)
        {
            ChangedSince = bookingEvent.IsStale,
        };
        return bookingEvent.Type switch
        {
            BookingEventTypes.Created => BookingEmails.Confirmation(context),
            BookingEventTypes.Rescheduled => BookingEmails.Rescheduled(context, bookingEvent.Previous),
            BookingEventTypes.Cancelled => BookingEmails.Cancellation(context),
            BookingEventTypes.ReminderDue when booking.Status == BookingStatus.Confirmed && !bookingEvent.IsStale && booking.Start > now
                => BookingEmails.Reminder(context),
            _ => null,
        };
    }
}
