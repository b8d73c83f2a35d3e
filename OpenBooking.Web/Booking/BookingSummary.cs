using System.Globalization;
using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Web.Booking;

/// <summary>What the manage page shows about one booking, in the business's time zone.</summary>
public sealed record BookingSummary(
    Guid Id,
    string Email,
    string Date,
    string Time,
    string TimeZone,
    BookingStatus Status,
    bool CanCancel)
{
    public bool IsCancelled => Status == BookingStatus.Cancelled;

    public static BookingSummary From(Tools.Data.Booking booking, DateTimeZone zone, Instant now)
    {
        var start = booking.Start.InZone(zone);
        var end = booking.End.InZone(zone);
        var time = start.Date == end.Date
            ? $"{Hm(start)} – {Hm(end)}"
            : $"{Hm(start)} – {end.Date.ToString("ddd d MMM", CultureInfo.InvariantCulture)} {Hm(end)}";
        return new BookingSummary(
            booking.Id,
            booking.Email,
            start.Date.ToString("dddd d MMMM uuuu", CultureInfo.InvariantCulture),
            time,
            zone.Id,
            booking.Status,
            CanCancel: booking.Status == BookingStatus.Confirmed && booking.Start > now);
    }

    private static string Hm(ZonedDateTime time) => time.TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture);
}
