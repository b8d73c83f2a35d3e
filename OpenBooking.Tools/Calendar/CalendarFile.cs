using System.Globalization;
using System.Text;
using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Calendar;

/// <summary>What a calendar file asks of the calendar app that opens it (iTIP, RFC 5546).</summary>
public enum CalendarMethod
{
    /// <summary>A plain download: "here is an event" (the manage page's .ics).</summary>
    Publish,

    /// <summary>An invitation from the organizer: add the event, or update it when the UID is known.</summary>
    Request,

    /// <summary>The organizer cancelled: remove the event with this UID.</summary>
    Cancel,
}

public sealed record CalendarPerson(string Email, string? Name = null);

/// <summary>One booking as a calendar event. Build it with <see cref="ForBooking"/>.</summary>
public sealed record CalendarEvent(
    Guid BookingId,
    int Sequence,
    Instant Start,
    Instant End,
    DateTimeZone Zone,
    bool IsCancelled,
    string Summary,
    string Description,
    string? Url,
    CalendarPerson Organizer,
    CalendarPerson Attendee)
{
    /// <summary>The UID every version of a booking's event shares, so calendar apps update instead of duplicating.</summary>
    public string Uid => $"{BookingId:D}@openbooking";

    /// <summary>
    /// The booking as it is now: its own zone, its current <see cref="Booking.Sequence"/> and status.
    /// <paramref name="manageUrl"/> must be absolute to be useful outside the web page; null says where to find it.
    /// </summary>
    public static CalendarEvent ForBooking(Booking booking, string businessName, string organizerEmail, string? manageUrl) => new(
        booking.Id,
        booking.Sequence,
        booking.Start,
        booking.End,
        DateTimeZoneProviders.Tzdb.GetZoneOrNull(booking.TimeZone) ?? DateTimeZone.Utc,
        booking.Status == BookingStatus.Cancelled,
        Title(booking.Service?.Name, businessName),
        manageUrl is null
            ? $"To change or cancel it, open the manage link in your chat with {businessName}."
            : $"Manage or cancel your booking: {manageUrl}",
        manageUrl,
        new CalendarPerson(organizerEmail, businessName),
        new CalendarPerson(booking.Email));

    /// <summary>"Haircut at Studio Anna"; "Appointment at Studio Anna" when the service is unknown.</summary>
    public static string Title(string? serviceName, string businessName) =>
        $"{(string.IsNullOrWhiteSpace(serviceName) ? ServiceCatalogDefaults.DefaultServiceName : serviceName)} at {businessName}";
}

/// <summary>
/// Writes RFC 5545 calendar files for bookings: one VEVENT whose UID stays the same for the booking's life and
/// whose SEQUENCE rises with each change, times in the booking's own zone (DTSTART;TZID=...) with a VTIMEZONE
/// built from the NodaTime rules, CRLF line endings, lines folded at 75 octets and TEXT values escaped.
/// </summary>
public static class CalendarFile
{
    public const string ProductId = "-//OpenBooking//OpenBooking//EN";

    /// <summary>The MIME type with the iTIP method parameter that mail clients look for.</summary>
    public static string ContentType(CalendarMethod method) => $"text/calendar; method={MethodName(method)}; charset=utf-8";

    public static string Write(CalendarEvent calendarEvent, CalendarMethod method, Instant stamp)
    {
        var e = calendarEvent;
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            $"PRODID:{ProductId}",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            $"METHOD:{MethodName(method)}",
        };
        lines.AddRange(TimeZoneLines(e.Zone, e.Start, e.End));
        lines.Add("BEGIN:VEVENT");
        lines.Add($"UID:{e.Uid}");
        lines.Add($"SEQUENCE:{e.Sequence.ToString(CultureInfo.InvariantCulture)}");
        lines.Add($"DTSTAMP:{Utc(stamp)}");
        lines.Add(DateTimeLine("DTSTART", e.Start, e.Zone));
        lines.Add(DateTimeLine("DTEND", e.End, e.Zone));
        lines.Add($"SUMMARY:{EscapeText(e.Summary)}");
        lines.Add($"DESCRIPTION:{EscapeText(e.Description)}");
        if (e.Url is not null && Uri.TryCreate(e.Url, UriKind.Absolute, out _))
        {
            lines.Add($"URL:{e.Url}");
        }
        lines.Add($"ORGANIZER{NameParameter(e.Organizer)}:mailto:{e.Organizer.Email}");
        // The booking is already made: the attendee has accepted and no reply is wanted.
        lines.Add($"ATTENDEE{NameParameter(e.Attendee)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:{e.Attendee.Email}");
        lines.Add($"STATUS:{(e.IsCancelled || method == CalendarMethod.Cancel ? "CANCELLED" : "CONFIRMED")}");
        lines.Add("TRANSP:OPAQUE");
        lines.Add("END:VEVENT");
        lines.Add("END:VCALENDAR");

        var text = new StringBuilder();
        foreach (var line in lines)
        {
            AppendFolded(text, line);
        }
        return text.ToString();
    }

    private static string MethodName(CalendarMethod method) => method switch
    {
        CalendarMethod.Request => "REQUEST",
        CalendarMethod.Cancel => "CANCEL",
        _ => "PUBLISH",
    };

    /// <summary>
    /// Local time with TZID; UTC when the local time is the second of an autumn overlap, which a TZID form
    /// would read as the first (RFC 5545 3.3.5).
    /// </summary>
    private static string DateTimeLine(string name, Instant instant, DateTimeZone zone)
    {
        var local = instant.InZone(zone).LocalDateTime;
        if (zone.MapLocal(local).First().ToInstant() != instant)
        {
            return $"{name}:{Utc(instant)}";
        }
        return $"{name};TZID={zone.Id}:{Local(local)}";
    }

    /// <summary>
    /// A VTIMEZONE listing each transition from the start of the year before the event to the end of the year
    /// after it, one STANDARD or DAYLIGHT block per transition with the exact onset (no RRULE to get wrong), plus
    /// the period in force at the start. A zone with no transitions gets one STANDARD block.
    /// </summary>
    private static IEnumerable<string> TimeZoneLines(DateTimeZone zone, Instant start, Instant end)
    {
        var from = Instant.FromUtc(start.InUtc().Year - 1, 1, 1, 0, 0);
        var to = Instant.FromUtc(end.InUtc().Year + 2, 1, 1, 0, 0);
        yield return "BEGIN:VTIMEZONE";
        yield return $"TZID:{zone.Id}";
        foreach (var interval in zone.GetZoneIntervals(from, to))
        {
            Offset before;
            LocalDateTime onset;
            if (interval.HasStart && interval.Start > Instant.FromUtc(1900, 1, 1, 0, 0))
            {
                before = zone.GetUtcOffset(interval.Start - Duration.Epsilon);
                onset = interval.Start.WithOffset(before).LocalDateTime;
            }
            else
            {
                before = interval.WallOffset;
                onset = new LocalDateTime(1970, 1, 1, 0, 0);
            }
            var kind = interval.Savings > Offset.Zero ? "DAYLIGHT" : "STANDARD";
            yield return $"BEGIN:{kind}";
            yield return $"DTSTART:{Local(onset)}";
            yield return $"TZOFFSETFROM:{FormatOffset(before)}";
            yield return $"TZOFFSETTO:{FormatOffset(interval.WallOffset)}";
            yield return $"TZNAME:{EscapeText(interval.Name)}";
            yield return $"END:{kind}";
        }
        yield return "END:VTIMEZONE";
    }

    private static string FormatOffset(Offset offset)
    {
        var seconds = offset.Seconds;
        var sign = seconds < 0 ? "-" : "+";
        seconds = Math.Abs(seconds);
        var text = $"{sign}{seconds / 3600:00}{seconds / 60 % 60:00}";
        return seconds % 60 == 0 ? text : text + $"{seconds % 60:00}";
    }

    private static string Local(LocalDateTime local) => local.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    private static string Utc(Instant instant) =>
        instant.InUtc().LocalDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>CN="...": a quoted parameter value may hold anything but control characters and DQUOTE.</summary>
    private static string NameParameter(CalendarPerson person) =>
        string.IsNullOrWhiteSpace(person.Name)
            ? ""
            : $";CN=\"{new string(person.Name.Where(c => c != '"' && !char.IsControl(c)).ToArray())}\"";

    /// <summary>TEXT values escape backslash, semicolon, comma and new lines (RFC 5545 3.3.11).</summary>
    public static string EscapeText(string value) => value
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
