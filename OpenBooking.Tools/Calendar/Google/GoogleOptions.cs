using System.ComponentModel.DataAnnotations;

namespace OpenBooking.Tools.Calendar.Google;

/// <summary>
/// Google Calendar: the OAuth client the admin created in the Google Cloud console, and where Google lives (tests
/// point the URLs at a local server). Bound to the <c>Google</c> section; the dashboard stores its edits as settings.
/// </summary>
public sealed class GoogleOptions : IValidatableObject
{
    public const string Section = "Google";

    public const string DefaultApiBaseUrl = "https://www.googleapis.com/calendar/v3";
    public const string DefaultAuthBaseUrl = "https://accounts.google.com";
    public const string DefaultTokenBaseUrl = "https://oauth2.googleapis.com";

    /// <summary>OAuth client id of a "Web application" client (Google Cloud console, APIs &amp; Services, Credentials).</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>
    /// The calendar chosen at connect time (<c>primary</c> is the account's own calendar). The dashboard can pick
    /// another one from the account's calendar list afterwards; that choice is kept with the connection.
    /// </summary>
    [Required]
    public string CalendarId { get; set; } = "primary";

    /// <summary>Calendar API v3 base, without a trailing slash.</summary>
    [Required]
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Where the consent page lives: <c>{AuthBaseUrl}/o/oauth2/v2/auth</c>.</summary>
    [Required]
    public string AuthBaseUrl { get; set; } = DefaultAuthBaseUrl;

    /// <summary>
    /// Where the token and revocation endpoints live (<c>/token</c>, <c>/revoke</c>). When empty: Google's token host
    /// with the default <see cref="AuthBaseUrl"/>, else <see cref="AuthBaseUrl"/> itself (a test server serves both).
    /// </summary>
    public string? TokenBaseUrl { get; set; }

    /// <summary>
    /// The callback URL registered with the OAuth client, e.g. <c>https://book.example.com/admin/google/callback</c>.
    /// When empty it is built from the request that starts the connection (fine unless a proxy changes the host).
    /// </summary>
    public string? RedirectUri { get; set; }

    /// <summary>One Google request may take this long before it is abandoned (and retried).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Retries after a 429, a 5xx, a rate-limit 403 or a timeout, with exponential backoff from <see cref="RetryDelay"/>.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a free/busy answer is reused for the same window.</summary>
    public TimeSpan FreeBusyCacheDuration { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// How often bookings whose calendar event is missing or out of date are synced in the background (after an outage,
    /// a reconnect, or bookings made before Google was connected). Zero turns the background sync off.
    /// </summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A client id and secret are set, so an admin can connect.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);

    public string AuthorizationEndpoint => $"{AuthBaseUrl.TrimEnd('/')}/o/oauth2/v2/auth";

    public string TokenEndpoint => $"{EffectiveTokenBaseUrl}/token";

    public string RevokeEndpoint => $"{EffectiveTokenBaseUrl}/revoke";

    private string EffectiveTokenBaseUrl =>
        (string.IsNullOrWhiteSpace(TokenBaseUrl)
            ? AuthBaseUrl.TrimEnd('/') == DefaultAuthBaseUrl ? DefaultTokenBaseUrl : AuthBaseUrl
            : TokenBaseUrl).TrimEnd('/');

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[]
        {
            (nameof(ApiBaseUrl), ApiBaseUrl),
            (nameof(AuthBaseUrl), AuthBaseUrl),
            (nameof(TokenBaseUrl), TokenBaseUrl),
            (nameof(RedirectUri), RedirectUri),
        })
        {
            if (!string.IsNullOrWhiteSpace(value) && !IsHttpUrl(value))
            {
                yield return new ValidationResult($"Google:{name} '{value}' is not an absolute http(s) URL.", [name]);
            }
        }
        if (RequestTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Google:RequestTimeout must be positive.", [nameof(RequestTimeout)]);
        }
        if (RetryDelay < TimeSpan.Zero || SyncInterval < TimeSpan.Zero || FreeBusyCacheDuration < TimeSpan.Zero)
        {
            yield return new ValidationResult("Google:RetryDelay, SyncInterval and FreeBusyCacheDuration cannot be negative.");
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
