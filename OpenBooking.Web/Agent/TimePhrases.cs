using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace OpenBooking.Web.Agent;

/// <summary>How the agent says dates and times to a person ("tomorrow (Saturday 28 March)", "15:00").</summary>
public static class TimePhrases
{
    private static readonly LocalDateTimePattern IsoLocal = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");
    private static readonly OffsetDateTimePattern IsoOffset = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    public static string Time(LocalTime time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Day(LocalDate date, LocalDate today)
    {
        var full = date.ToString("dddd d MMMM", CultureInfo.InvariantCulture);
        if (date.Year != today.Year)
        {
            full += " " + date.Year;
        }
        var days = Period.Between(today, date, PeriodUnits.Days).Days;
        return days switch
        {
            0 => $"today ({full})",
            1 => $"tomorrow ({full})",
            _ => $"on {full}",
        };
    }

    /// <summary>"from 15:00 to 16:00 tomorrow (Saturday 28 March)".</summary>
    public static string Slot(LocalDateTime start, LocalDateTime end, LocalDate today) =>
        $"from {Time(start.TimeOfDay)} to {Time(end.TimeOfDay)} {Day(start.Date, today)}";

    /// <summary>"Saturday 28 March, 15:00–16:00" for lists.</summary>
    public static string Short(LocalDateTime start, LocalDateTime end) =>
        $"{start.Date.ToString("ddd d MMM", CultureInfo.InvariantCulture)}, {Time(start.TimeOfDay)}–{Time(end.TimeOfDay)}";

    /// <summary>
    /// The same slot on the customer's clock, to follow a business-time phrase: " — 09:00–10:00 your time
    /// (America/New_York)", or in lists (<paramref name="brief"/>) " (09:00–10:00 your time)". The day is said
    /// when it differs from the business's. Empty when there is no customer zone or its clock reads the same.
    /// </summary>
    public static string YourTime(LocalDateTime start, LocalDateTime end, DateTimeZone business, DateTimeZone? customer, bool brief)
    {
        if (customer is null)
        {
            return "";
        }
        var theirStart = start.InZoneLeniently(business).WithZone(customer).LocalDateTime;
        var theirEnd = end.InZoneLeniently(business).WithZone(customer).LocalDateTime;
        if (theirStart == start && theirEnd == end)
        {
            return "";
        }
        var times = $"{Time(theirStart.TimeOfDay)}–{Time(theirEnd.TimeOfDay)}";
        if (brief)
        {
            var day = theirStart.Date == start.Date ? "" : theirStart.Date.ToString("ddd d MMM", CultureInfo.InvariantCulture) + ", ";
            return $" ({day}{times} your time)";
        }
        var on = theirStart.Date == start.Date ? "" : " on " + theirStart.Date.ToString("dddd d MMMM", CultureInfo.InvariantCulture);
        return $" — {times}{on} your time ({customer.Id})";
    }

    public static string Iso(LocalDateTime local) => IsoLocal.Format(local);

    public static LocalDateTime ParseIso(string text) => IsoLocal.Parse(text).GetValueOrThrow();

    /// <summary>Reads a tool's wire time (ISO with offset) as the local time it names.</summary>
    public static LocalDateTime FromWire(string text) => IsoOffset.Parse(text).GetValueOrThrow().LocalDateTime;
}
