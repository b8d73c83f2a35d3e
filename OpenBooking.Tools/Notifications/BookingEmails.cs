using System.Globalization;
using System.Net;
using System.Text;
using NodaTime;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;

namespace OpenBooking.Tools.Notifications;

/// <summary>
/// What every booking email needs: the booking as it is now (service loaded), the business, its zone, the public
/// base URL for links, the From address (the calendar ORGANIZER) and the moment of writing (DTSTAMP).
/// </summary>
public sealed record BookingEmailContext(
    Booking Booking,
    string BusinessName,
    DateTimeZone Zone,
    string? PublicBaseUrl,
    string From,
    Instant Now)
{
    /// <summary>The event this email is about is older than the booking (it changed again since).</summary>
    public bool ChangedSince { get; init; }

    /// <summary>The absolute manage link, or null when no public base URL is configured (relative links do not work in email).</summary>
    public string? ManageUrl => string.IsNullOrWhiteSpace(PublicBaseUrl)
        ? null
        : $"{PublicBaseUrl.TrimEnd('/')}/booking/{Uri.EscapeDataString(Booking.ManageToken)}";

    public string ServiceName => string.IsNullOrWhiteSpace(Booking.Service?.Name) ? ServiceCatalogDefaults.DefaultServiceName : Booking.Service.Name;
}

/// <summary>
/// The emails customers get: booking confirmed, moved, cancelled, a reminder, and the verification code. Each has
/// a plain text and an HTML body (inline styles, one narrow column, no remote images, so it reads well on a
/// phone), times in the business zone with the zone's name, the manage link, an "Add to Google Calendar" link and
/// an .ics invitation (METHOD:REQUEST, or METHOD:CANCEL once the booking is cancelled).
/// </summary>
/// <remarks>
/// The .ics always describes the booking as it is now, with its current SEQUENCE, whatever the event: outbox
/// messages carry no snapshot, and a calendar app keeps the highest sequence it has seen, so an email about an
/// older change (the booking moved or was cancelled again since) must not carry an older sequence with today's
/// times. The text still says what happened, and notes that the booking has changed since.
/// </remarks>
public static class BookingEmails
{
    public const string CalendarFileName = "appointment.ics";
    private const string NoLinkText = "To change or cancel it, open the link in your chat.";

    public static EmailMessage Confirmation(BookingEmailContext context)
    {
        var when = When(context, context.Booking.Start, context.Booking.End);
        return Compose(
            context,
            $"Confirmed: {context.ServiceName} at {context.BusinessName} on {when.Short}",
            heading: "Your booking is confirmed",
            intro: $"Thank you for booking with {context.BusinessName}. We look forward to seeing you.",
            rows: Details(context, when),
            withCalendarLinks: true);
    }

    /// <param name="previous">The time before the move, when known; the email then shows both.</param>
    public static EmailMessage Rescheduled(BookingEmailContext context, Interval? previous = null)
    {
        var when = When(context, context.Booking.Start, context.Booking.End);
        var rows = Details(context, when);
        if (previous is { } was)
        {
            var old = When(context, was.Start, was.End);
            rows.Add(("Was", $"{old.Date}, {old.Time}"));
        }
        return Compose(
            context,
            $"Moved: {context.ServiceName} at {context.BusinessName} to {when.Short}",
            heading: "Your booking has moved",
            intro: "Your appointment now takes place at the time below. Your calendar invitation is updated too.",
            rows: rows,
            withCalendarLinks: true);
    }

    public static EmailMessage Cancellation(BookingEmailContext context)
    {
        var when = When(context, context.Booking.Start, context.Booking.End);
        return Compose(
            context,
            $"Cancelled: {context.ServiceName} at {context.BusinessName} on {when.Short}",
            heading: "Your booking is cancelled",
            intro: "This appointment is cancelled and the time is released. The attached file removes it from your calendar.",
            rows: Details(context, when),
            withCalendarLinks: false);
    }

    public static EmailMessage Reminder(BookingEmailContext context)
    {
        var when = When(context, context.Booking.Start, context.Booking.End);
        return Compose(
            context,
            $"Reminder: {context.ServiceName} at {context.BusinessName} on {when.Short}",
            heading: "See you soon",
            intro: $"A reminder of your appointment with {context.BusinessName}.",
            rows: Details(context, when),
            withCalendarLinks: true);
    }

    private sealed record Moment(string Date, string Time, string Short);

    private static Moment When(BookingEmailContext context, Instant start, Instant end)
    {
        var zone = context.Zone;
        var from = start.InZone(zone);
        var to = end.InZone(zone);
        var time = from.Date == to.Date
            ? $"{Hm(from)} – {Hm(to)} ({zone.Id})"
            : $"{Hm(from)} – {to.Date.ToString("ddd d MMM", CultureInfo.InvariantCulture)} {Hm(to)} ({zone.Id})";
        return new Moment(
            from.Date.ToString("dddd d MMMM uuuu", CultureInfo.InvariantCulture),
            time,
            $"{from.Date.ToString("dddd d MMMM", CultureInfo.InvariantCulture)} at {Hm(from)}");
    }

    private static string Hm(ZonedDateTime time) => time.TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static List<(string Label, string Value)> Details(BookingEmailContext context, Moment when) =>
    [
        ("Service", context.ServiceName),
        ("Date", when.Date),
        ("Time", when.Time),
    ];

    private static EmailMessage Compose(
        BookingEmailContext context, string subject, string heading, string intro,
        List<(string Label, string Value)> rows, bool withCalendarLinks)
    {
        var booking = context.Booking;
        var manageUrl = context.ManageUrl;
        var cancelled = booking.Status == BookingStatus.Cancelled;
        var changedNote = context.ChangedSince
            ? cancelled ? "This booking has been cancelled since." : "This booking has changed since; below is how it stands now."
            : null;
        var googleUrl = withCalendarLinks && !cancelled
            ? WireFormat.GoogleCalendarLink(booking, context.Zone, manageUrl ?? "open the link in your chat", CalendarEvent.Title(context.ServiceName, context.BusinessName))
            : null;
        var showManage = !cancelled;

        var text = new StringBuilder();
        text.AppendLine(heading).AppendLine();
        text.AppendLine(intro);
        if (changedNote is not null)
        {
            text.AppendLine(changedNote);
        }
        text.AppendLine();
        foreach (var (label, value) in rows)
        {
            text.AppendLine($"{label}: {value}");
        }
        text.AppendLine();
        if (showManage)
        {
            text.AppendLine(manageUrl is null ? NoLinkText : $"Manage or cancel your booking: {manageUrl}");
        }
        if (googleUrl is not null)
        {
            text.AppendLine($"Add to Google Calendar: {googleUrl}");
        }
        text.AppendLine($"The attached {CalendarFileName} {(cancelled ? "removes the appointment from" : "adds it to")} Apple Calendar, Outlook and others.");
        text.AppendLine().AppendLine($"{context.BusinessName}");

        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(subject)}</title></head>
            <body style="margin:0;padding:0;background:#f3f4f6">
            <div style="max-width:560px;margin:0 auto;padding:24px 16px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2937">
            <p style="margin:0 0 4px;font-size:14px;color:#6b7280">{E(context.BusinessName)}</p>
            <h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">{E(heading)}</h1>
            <p style="margin:0 0 16px">{E(intro)}</p>
            """);
        if (changedNote is not null)
        {
            html.Append($"""<p style="margin:0 0 16px;padding:8px 12px;background:#fef3c7;border-radius:6px">{E(changedNote)}</p>""");
        }
        html.Append("""<table role="presentation" style="width:100%;border-collapse:collapse;background:#ffffff;border:1px solid #e5e7eb;border-radius:8px;margin:0 0 20px">""");
        foreach (var (label, value) in rows)
        {
            html.Append($"""<tr><th scope="row" style="text-align:left;vertical-align:top;padding:8px 12px;font-weight:400;color:#6b7280;width:30%">{E(label)}</th><td style="padding:8px 12px">{E(value)}</td></tr>""");
        }
        html.Append("</table>");
        if (showManage)
        {
            html.Append(manageUrl is null
                ? $"""<p style="margin:0 0 16px">{E(NoLinkText)}</p>"""
                : $"""<p style="margin:0 0 16px"><a href="{E(manageUrl)}" style="display:inline-block;padding:12px 20px;background:#2563eb;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600">Manage or cancel your booking</a></p>""");
        }
        if (googleUrl is not null)
        {
            html.Append($"""<p style="margin:0 0 16px"><a href="{E(googleUrl)}" style="color:#2563eb">Add to Google Calendar</a></p>""");
        }
        html.Append($"""
            <p style="margin:0 0 16px;font-size:14px;color:#6b7280">The attached {CalendarFileName} {(cancelled ? "removes the appointment from" : "adds it to")} Apple Calendar, Outlook and others.</p>
            <p style="margin:24px 0 0;font-size:13px;color:#9ca3af">{E(context.BusinessName)}</p>
            </div></body></html>
            """);

        var method = cancelled ? CalendarMethod.Cancel : CalendarMethod.Request;
        var calendar = CalendarFile.Write(
            CalendarEvent.ForBooking(booking, context.BusinessName, context.From, manageUrl), method, context.Now);
        return new EmailMessage(
            booking.Email, subject, text.ToString().TrimEnd(), html.ToString(),
            [EmailAttachment.FromText(CalendarFileName, CalendarFile.ContentType(method), calendar)]);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
