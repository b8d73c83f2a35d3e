using System.Globalization;
using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Web.Booking;

/// <summary>What the manage page shows about one booking, in the business's time zone.</summary>
/// <param name="Start">The local start, to leave the current time out of the reschedule picker.</param>
/// <param name="Service">The service's name (null for a booking whose service is not loaded).</param>
/// <param name="YourTime">The same time on the customer's clock ("10:00 – 11:00" or with its day), when their zone differs.</param>
/// <param name="ChangeNoticeMinutes">How long before the start the booking can still be moved or cancelled.</param>
public sealed record BookingSummary(
    Guid Id,
    string Email,
    string Date,
    string Time,
    string TimeZone,
    BookingStatus Status,
    bool CanCancel,
    LocalDateTime Start,
    string? Service,
    int LengthMinutes,
    string? YourTime,
    int ChangeNoticeMinutes)
{
    public bool IsCancelled => Status == BookingStatus.Cancelled;

    /// <summary>Moving follows the same rule as cancelling: a confirmed booking that has not started.</summary>
    public bool CanReschedule => CanCancel;

    public static BookingSummary From(Tools.Data.Booking booking, DateTimeZone zone, Instant now, DateTimeZone? customerZone = null)
    {
        var start = booking.Start.InZone(zone);
        var end = booking.End.InZone(zone);
        return new BookingSummary(
            booking.Id,
            booking.Email,
            LongDate(start.Date),
            Range(start, end),
            zone.Id,
            booking.Status,
            CanCancel: booking.Status == BookingStatus.Confirmed && booking.Start > now,
            start.LocalDateTime,
            booking.Service?.Name,
            (int)(booking.End - booking.Start).TotalMinutes,
            YourTimeOf(booking.Start, booking.End, zone, customerZone),
            booking.Service?.ChangeNoticeMinutes ?? 0);
    }

    /// <summary>"Friday 27 March 2026".</summary>
    public static string LongDate(LocalDate date) => date.ToString("dddd d MMMM uuuu", CultureInfo.InvariantCulture);

    /// <summary>
    /// The customer's clock for an interval, "10:00 – 11:00" (with "Sat 28 Mar, " when their day differs), or null
    /// when there is no customer zone or it reads the same as the business's.
    /// </summary>
    public static string? YourTimeOf(Instant start, Instant end, DateTimeZone zone, DateTimeZone? customerZone)
    {
        if (customerZone is null)
        {
            return null;
        }
        var (theirStart, theirEnd) = (start.InZone(customerZone), end.InZone(customerZone));
        var (ourStart, ourEnd) = (start.InZone(zone), end.InZone(zone));
        if (theirStart.LocalDateTime == ourStart.LocalDateTime && theirEnd.LocalDateTime == ourEnd.LocalDateTime)
        {
            return null;
        }
        var day = theirStart.Date == ourStart.Date ? "" : theirStart.Date.ToString("ddd d MMM", CultureInfo.InvariantCulture) + ", ";
        return day + Range(theirStart, theirEnd);
    }

    private static string Range(ZonedDateTime start, ZonedDateTime end) => start.Date == end.Date
        ? $"{Hm(start)} – {Hm(end)}"
        : $"{Hm(start)} – {end.Date.ToString("ddd d MMM", CultureInfo.InvariantCulture)} {Hm(end)}";

    private static string Hm(ZonedDateTime time) => time.TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture);
}
