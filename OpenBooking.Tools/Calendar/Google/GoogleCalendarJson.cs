using System.Text.Json.Serialization;

namespace OpenBooking.Tools.Calendar.Google;

// The few Calendar API v3 resources OpenBooking reads and writes, as documented JSON (camelCase; nulls omitted, so
// a patch body carries only what it changes).

public sealed class GoogleEvent
{
    public string? Id { get; set; }

    /// <summary><c>confirmed</c>, <c>tentative</c> or <c>cancelled</c> (a deleted event stays readable as cancelled).</summary>
    public string? Status { get; set; }
    public string? HtmlLink { get; set; }

    [JsonPropertyName("etag")]
    public string? ETag { get; set; }
    public string? Summary { get; set; }
    public string? Description { get; set; }
    public GoogleEventTime? Start { get; set; }
    public GoogleEventTime? End { get; set; }
    public List<GoogleAttendee>? Attendees { get; set; }
    public GoogleExtendedProperties? ExtendedProperties { get; set; }
}

/// <summary>A timed start or end: RFC 3339 with offset, plus the IANA zone (Google needs the zone for recurrence and display).</summary>
public sealed class GoogleEventTime
{
    public string? DateTime { get; set; }
    public string? TimeZone { get; set; }
}

public sealed class GoogleAttendee
{
    public string? Email { get; set; }
    public string? DisplayName { get; set; }
    public string? ResponseStatus { get; set; }
}

public sealed class GoogleExtendedProperties
{
    [JsonPropertyName("private")]
    public Dictionary<string, string>? Private { get; set; }
}

public sealed class GoogleCalendarList
{
    public List<GoogleCalendarListEntry>? Items { get; set; }
    public string? NextPageToken { get; set; }
}

public sealed class GoogleCalendarListEntry
{
    public string? Id { get; set; }
    public string? Summary { get; set; }
    public string? SummaryOverride { get; set; }
    public bool? Primary { get; set; }

    /// <summary><c>freeBusyReader</c>, <c>reader</c>, <c>writer</c> or <c>owner</c>.</summary>
    public string? AccessRole { get; set; }
    public string? TimeZone { get; set; }
}

public sealed class GoogleFreeBusyRequest
{
    public required string TimeMin { get; set; }
    public required string TimeMax { get; set; }
    public required List<GoogleFreeBusyItem> Items { get; set; }
}

public sealed class GoogleFreeBusyItem
{
    public required string Id { get; set; }
}

public sealed class GoogleFreeBusyResponse
{
    public Dictionary<string, GoogleFreeBusyCalendar>? Calendars { get; set; }
}

public sealed class GoogleFreeBusyCalendar
{
    public List<GoogleTimePeriod>? Busy { get; set; }
    public List<GoogleErrorItem>? Errors { get; set; }
}

public sealed class GoogleTimePeriod
{
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }
}

public sealed class GoogleErrorResponse
{
    public GoogleError? Error { get; set; }
}

public sealed class GoogleError
{
    public int Code { get; set; }
    public string? Message { get; set; }
    public List<GoogleErrorItem>? Errors { get; set; }
}

public sealed class GoogleErrorItem
{
    public string? Domain { get; set; }
    public string? Reason { get; set; }
    public string? Message { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GoogleEvent))]
[JsonSerializable(typeof(GoogleCalendarList))]
[JsonSerializable(typeof(GoogleFreeBusyRequest))]
[JsonSerializable(typeof(GoogleFreeBusyResponse))]
[JsonSerializable(typeof(GoogleErrorResponse))]
public sealed partial class GoogleJsonContext : JsonSerializerContext;
