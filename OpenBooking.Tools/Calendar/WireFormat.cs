using System.Globalization;
using NodaTime;
using NodaTime.Text;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Calendar;

/// <summary>A time slot on the wire: ISO 8601 local date-times with offset, plus the IANA zone.</summary>
public sealed record SlotInfo(string Start, string End, string TimeZone);

public sealed record BookingInfo(
    string BookingId,
    string Email,
    string? Service,
    string Start,
    string End,
    string TimeZone,
    string Status,
    string ManageUrl,
    string AddToCalendarUrl);

/// <summary>How times are written and read by the tools (DESIGN.md "Times on the wire").</summary>
public static class WireFormat
{
    private static readonly OffsetDateTimePattern OffsetPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");
    private static readonly LocalDateTimePattern[] LocalPatterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm"),
    ];

    public static string Format(Instant instant, DateTimeZone zone) =>
        OffsetPattern.Format(instant.InZone(zone).ToOffsetDateTime());

    public static SlotInfo Slot(Interval slot, DateTimeZone zone) => new(Format(slot.Start, zone), Format(slot.End, zone), zone.Id);

    public static BookingInfo Booking(Booking booking, DateTimeZone zone, string publicBaseUrl) => new(
        booking.Id.ToString(),
        booking.Email,
        booking.Service?.Name,
        Format(booking.Start, zone),
        Format(booking.End, zone),
        zone.Id,
        booking.Status.ToString().ToLowerInvariant(),
        $"{publicBaseUrl.TrimEnd('/')}/booking/{booking.ManageToken}",
        GoogleCalendarLink(booking, zone, $"{publicBaseUrl.TrimEnd('/')}/booking/{booking.ManageToken}", booking.Service?.Name ?? "Appointment"));

    /// <summary>
    /// Reads a start time a tool was given: a local date-time in the business zone ("2026-03-28T15:00") or one
    /// with an offset ("2026-03-28T15:00:00+01:00"), which is converted into the business zone.
    /// </summary>
    public static bool TryParseLocal(string text, DateTimeZone zone, out LocalDateTime local)
    {
        text = text.Trim();
        var offset = OffsetPattern.Parse(text);
        if (offset.Success)
        {
            local = offset.Value.ToInstant().InZone(zone).LocalDateTime;
            return true;
        }
        foreach (var pattern in LocalPatterns)
        {
            var result = pattern.Parse(text);
            if (result.Success)
            {
                local = result.Value;
                return true;
            }
        }
        local = default;
        return false;
    }

    public static bool TryParseDate(string text, out LocalDate date)
    {
        var result = LocalDatePattern.Iso.Parse(text.Trim());
        date = result.Success ? result.Value : default;
        return result.Success;
    }

    /// <summary>A Google Calendar "add event" link (no API, no login needed on our side).</summary>
    public static string GoogleCalendarLink(Booking booking, DateTimeZone zone, string manageUrl, string title = "Appointment")
    {
        static string Utc(Instant i) => i.ToDateTimeUtc().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        return "https://calendar.google.com/calendar/render?action=TEMPLATE"
            + $"&text={Uri.EscapeDataString(title)}"
            + $"&dates={Utc(booking.Start)}/{Utc(booking.End)}"
            + $"&ctz={Uri.EscapeDataString(zone.Id)}"
            + $"&details={Uri.EscapeDataString("Manage your booking: " + manageUrl)}";
    }
}
