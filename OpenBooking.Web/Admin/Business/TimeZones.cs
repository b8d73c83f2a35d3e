using NodaTime;

namespace OpenBooking.Web.Admin;

/// <summary>Time zone suggestions: common business zones first, any IANA id by search.</summary>
public static class TimeZones
{
    public static readonly IReadOnlyList<string> Common =
    [
        "Europe/Brussels", "Europe/Amsterdam", "Europe/Paris", "Europe/Berlin", "Europe/Luxembourg", "Europe/London",
        "Europe/Dublin", "Europe/Lisbon", "Europe/Madrid", "Europe/Rome", "Europe/Zurich", "Europe/Vienna",
        "Europe/Copenhagen", "Europe/Stockholm", "Europe/Oslo", "Europe/Helsinki", "Europe/Warsaw", "Europe/Prague",
        "Europe/Athens", "Europe/Istanbul", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
        "America/Toronto", "America/Vancouver", "America/Mexico_City", "America/Sao_Paulo", "Africa/Johannesburg",
        "Africa/Lagos", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Hong_Kong", "Asia/Shanghai", "Asia/Tokyo",
        "Australia/Sydney", "Australia/Perth", "Pacific/Auckland", "UTC",
    ];

    /// <summary>The common zones for an empty search; otherwise every TZDB id containing the text.</summary>
    public static IReadOnlyList<string> Suggest(string? text, int max = 30)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Common;
        }
        var term = text.Trim().Replace(' ', '_');
        return [.. Common.Concat(DateTimeZoneProviders.Tzdb.Ids)
            .Distinct(StringComparer.Ordinal)
            .Where(id => id.Contains(term, StringComparison.OrdinalIgnoreCase))
            // The id typed in full comes first: the autocomplete keeps the first suggestion when Tab leaves the field.
            .OrderBy(id => !id.Equals(term, StringComparison.OrdinalIgnoreCase))
            .Take(max)];
    }
}
