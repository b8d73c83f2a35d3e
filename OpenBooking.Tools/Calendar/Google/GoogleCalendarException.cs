using System.Net;

namespace OpenBooking.Tools.Calendar.Google;

/// <summary>
/// Google could not be reached or refused a call. <see cref="Exception.Message"/> is safe to log and to show in the
/// dashboard: it never holds a token, a code or a client secret.
/// </summary>
public class GoogleCalendarException(string message, bool isTransient, HttpStatusCode? statusCode = null, string? reason = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Trying again later may work (Google down, rate limited, a timeout).</summary>
    public bool IsTransient { get; } = isTransient;
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>Google's error reason, e.g. <c>rateLimitExceeded</c>, <c>notFound</c>, <c>invalid_grant</c>.</summary>
    public string? Reason { get; } = reason;
}

/// <summary>There is no usable connection: never connected, disconnected by an admin, or Google revoked the grant.</summary>
public sealed class GoogleNotConnectedException(string message) : GoogleCalendarException(message, isTransient: false);
