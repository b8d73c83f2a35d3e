using System.Globalization;
using System.Text;
using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Web.Booking;

/// <summary>
/// The .ics file for one booking (RFC 5545): a VCALENDAR with METHOD:PUBLISH and one VEVENT whose UID stays the
/// same for the booking's life and whose SEQUENCE rises with each change, so calendar apps update the event
/// they already imported instead of adding a second one. Times are UTC, so no VTIMEZONE is needed.
/// </summary>
public static class BookingCalendarFile
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Create(Tools.Data.Booking booking, string summary, string manageUrl, Instant now)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//OpenBooking//OpenBooking//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            $"UID:{booking.Id:D}@openbooking",
            $"SEQUENCE:{booking.Sequence.ToString(CultureInfo.InvariantCulture)}",
            $"DTSTAMP:{Utc(now)}",
            $"DTSTART:{Utc(booking.Start)}",
            $"DTEND:{Utc(booking.End)}",
            $"SUMMARY:{Escape(summary)}",
            $"DESCRIPTION:{Escape($"Manage or cancel your booking: {manageUrl}")}",
            $"URL:{manageUrl}",
            $"STATUS:{(booking.Status == BookingStatus.Cancelled ? "CANCELLED" : "CONFIRMED")}",
            "TRANSP:OPAQUE",
            "END:VEVENT",
            "END:VCALENDAR",
        };
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            AppendFolded(text, line);
        }
        return text.ToString();
    }

    private static string Utc(Instant instant) =>
        instant.InUtc().LocalDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>TEXT values escape backslash, semicolon, comma and new lines (RFC 5545 3.3.11).</summary>
    private static string Escape(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .ReplaceLineEndings("\\n");

    /// <summary>Lines longer than 75 octets continue on the next line after CRLF and a space (RFC 5545 3.1).</summary>
    private static void AppendFolded(StringBuilder text, string line)
    {
        const int Limit = 75;
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > Limit)
            {
                text.Append("\r\n ");
                octets = 1;
            }
            text.Append(rune.ToString());
            octets += size;
        }
        text.Append("\r\n");
    }
}
