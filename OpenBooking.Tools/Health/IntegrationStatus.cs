using NodaTime;

namespace OpenBooking.Tools.Health;

public enum IntegrationState
{
    /// <summary>Working (or the built-in default, which needs nothing).</summary>
    Ok,

    /// <summary>Not set up; the built-in default is used.</summary>
    NotConfigured,

    /// <summary>Set up but failing or disconnected; <see cref="IntegrationStatus.LastError"/> says why.</summary>
    Error,
}

/// <summary>How an integration is doing, as the dashboard shows it. Never carries a secret.</summary>
/// <param name="Integration">Which card it belongs to: <c>calendar</c>, <c>email</c>, <c>agent</c>, <c>zapier</c>.</param>
/// <param name="Title">What is in use, e.g. "Google Calendar (work@example.com)".</param>
/// <param name="Detail">One sentence an admin can act on.</param>
public sealed record IntegrationStatus(
    string Integration,
    IntegrationState State,
    string Title,
    string Detail,
    string? LastError = null,
    Instant? LastErrorAt = null);

/// <summary>
/// Reports an integration's health to the dashboard (for example the Google Calendar connection). Register
/// implementations as singletons; the dashboard shows the built-in default for any integration without one.
/// </summary>
public interface IIntegrationStatusSource
{
    Task<IntegrationStatus> GetStatusAsync(CancellationToken cancellationToken = default);
}
