using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using NodaTime;

namespace OpenBooking.Tools.Business;

/// <summary>The business the agent books for. Bound to the <c>Business</c> section.</summary>
public sealed partial class BusinessOptions : IValidatableObject
{
    public const string Section = "Business";

    [Required, StringLength(120)]
    public string Name { get; set; } = "OpenBooking";

    /// <summary>IANA time zone id, e.g. <c>Europe/Brussels</c>. Every time a customer says is read in this zone.</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/Brussels";

    /// <summary>
    /// Weekly opening hours: day name to one or more ranges, e.g. <c>"Monday": "09:00-12:00, 13:00-17:00"</c>.
    /// A day that is missing or empty is closed.
    /// </summary>
    public Dictionary<string, string> OpeningHours { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Monday"] = "09:00-17:00",
        ["Tuesday"] = "09:00-17:00",
        ["Wednesday"] = "09:00-17:00",
        ["Thursday"] = "09:00-17:00",
        ["Friday"] = "09:00-17:00",
    };

    /// <summary>Absolute base of links in emails and tool results (e.g. https://book.example.com); empty gives relative links.</summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// The address the web app was reached at (<c>Business:ObservedBaseUrl</c>, stored by the web app when
    /// <see cref="PublicBaseUrl"/> is empty), for links where no request is at hand.
    /// </summary>
    [Url]
    public string? ObservedBaseUrl { get; set; }

    /// <summary>
    /// The base of links in emails, calendar events and webhooks: <see cref="PublicBaseUrl"/>, else
    /// <see cref="ObservedBaseUrl"/>; null only before anyone opened the web app.
    /// </summary>
    public string? LinkBaseUrl => !string.IsNullOrWhiteSpace(PublicBaseUrl) ? PublicBaseUrl
        : !string.IsNullOrWhiteSpace(ObservedBaseUrl) ? ObservedBaseUrl : null;

    /// <summary>The street address customers are told when they ask where the business is; empty when not given.</summary>
    [StringLength(300)]
    public string? Address { get; set; }

    /// <summary>The phone number customers are told when they ask how to call; empty when not given.</summary>
    [StringLength(40)]
    public string? Phone { get; set; }

    /// <summary>ISO 4217 code of the services' prices, e.g. <c>EUR</c>.</summary>
    [Required, RegularExpression("^[A-Z]{3}$", ErrorMessage = "Business:Currency must be a three-letter ISO 4217 code such as EUR.")]
    public string Currency { get; set; } = "EUR";

    /// <summary>The chat's and the manage page's main colour, <c>#RRGGBB</c>; empty keeps OpenBooking's blue.</summary>
    [RegularExpression("^#[0-9A-Fa-f]{6}$", ErrorMessage = "Business:PrimaryColor must be a colour written #RRGGBB, such as #3B5BDB.")]
    public string? PrimaryColor { get; set; }

    /// <summary>An absolute http(s) address of the business's logo, shown in the chat header and on the manage page.</summary>
    [Url(ErrorMessage = "Business:LogoUrl must be an absolute http or https address, such as https://example.com/logo.png.")]
    public string? LogoUrl { get; set; }

    /// <summary>
    /// The websites that may show the chat in a frame (<c>/embed</c>, through <c>/embed.js</c>): origins such as
    /// <c>https://www.example.com</c> or <c>https://*.example.com</c>, or <c>*</c> for any site. Empty (the default outside
    /// Development) lets only this app frame it. Every other page refuses to be framed whatever this says.
    /// </summary>
    public List<string> EmbedOrigins { get; set; } = [];

    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb[TimeZone];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) is null)
        {
            yield return new ValidationResult(
                $"Business:TimeZone '{TimeZone}' is not an IANA time zone id (for example Europe/Brussels).",
                [nameof(TimeZone)]);
        }

        for (var i = 0; i < EmbedOrigins.Count; i++)
        {
            if (!EmbedOriginPattern().IsMatch(EmbedOrigins[i]))
            {
                yield return new ValidationResult(
                    $"Business:EmbedOrigins:{i} '{EmbedOrigins[i]}' is not an origin: write a scheme and host (and port) without a path, such as https://www.example.com, or * for any site.",
                    [nameof(EmbedOrigins)]);
            }
        }

        foreach (var (day, ranges) in OpeningHours)
        {
            if (!Enum.TryParse<IsoDayOfWeek>(day, ignoreCase: true, out _))
            {
                yield return new ValidationResult($"Business:OpeningHours:{day} is not a day of the week.", [nameof(OpeningHours)]);
            }
            else if (!WeeklyOpeningHours.TryParseRanges(ranges, out _, out var error))
            {
                yield return new ValidationResult($"Business:OpeningHours:{day}: {error}", [nameof(OpeningHours)]);
            }
        }
    }

    /// <summary>A CSP source for <c>frame-ancestors</c>: <c>*</c>, or http(s), a host (optionally <c>*.</c> for subdomains) and a port.</summary>
    [GeneratedRegex(@"^(\*|https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?)$")]
    private static partial Regex EmbedOriginPattern();
}

/// <summary>
/// Defaults for the first service, created at first start (after that, services are edited in the dashboard).
/// Bound to the <c>Booking</c> section.
/// </summary>
public sealed class BookingOptions
{
    public const string Section = "Booking";

    [Range(5, 24 * 60)]
    public int DefaultDurationMinutes { get; set; } = 60;

    /// <summary>Free slots start on multiples of this many minutes from the opening time.</summary>
    [Range(5, 24 * 60)]
    public int SlotIntervalMinutes { get; set; } = 30;

    /// <summary>How far ahead a customer can book.</summary>
    [Range(1, 730)]
    public int HorizonDays { get; set; } = 90;

    /// <summary>A booking must start at least this many minutes after it is made.</summary>
    [Range(0, 30 * 24 * 60)]
    public int MinimumNoticeMinutes { get; set; } = 60;

    /// <summary>Cancelling or moving needs at least this many minutes' notice before the start.</summary>
    [Range(0, 30 * 24 * 60)]
    public int ChangeNoticeMinutes { get; set; } = 120;

    public Duration DefaultDuration => Duration.FromMinutes(DefaultDurationMinutes);
}
