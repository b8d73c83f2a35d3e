using System.Security.Cryptography;
using System.Text;
using Google.Apis.Auth.OAuth2.Responses;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Calendar.Google;

public enum GoogleCalendarState
{
    /// <summary>No OAuth client id and secret: the dashboard asks for them first.</summary>
    NotConfigured,

    /// <summary>Never connected, disconnected by an admin, or Google revoked the grant (see the last error).</summary>
    Disconnected,
    Connected,
}

/// <summary>What the dashboard shows for Google Calendar.</summary>
public sealed record GoogleCalendarStatus(
    GoogleCalendarState State,
    string? Account,
    string? CalendarId,
    string? CalendarName,
    string? LastError,
    Instant? LastErrorAt,
    Instant? LastSyncAt,
    Instant? ConnectedAt,
    int PendingSyncs);

/// <summary>A calendar the connected account can write to, for the dashboard's calendar choice.</summary>
public sealed record GoogleCalendarInfo(string Id, string Name, bool IsPrimary, string AccessRole);

/// <summary>Connecting failed in a way the admin can act on; <see cref="Exception.Message"/> says how (no secrets).</summary>
public sealed class GoogleConnectException(string message, bool stateRejected = false) : Exception(message)
{
    /// <summary>The callback's state is not one this server issued (or it expired): nothing was changed.</summary>
    public bool StateRejected { get; } = stateRejected;
}

/// <summary>
/// Connects Google Calendar with the OAuth 2.0 authorization-code flow for web servers (Google.Apis.Auth, PKCE S256,
/// offline access, consent prompt) and manages the connection for the dashboard: status, calendar choice, disconnect.
/// </summary>
/// <remarks>
/// The <c>state</c> sent to Google is random, kept server-side (its SHA-256, with the PKCE verifier encrypted and the
/// redirect URI) for <see cref="StateLifetime"/>, and checked on return: a callback with any other state is refused
/// without touching the connection. Only the latest "Connect" click can complete.
/// </remarks>
public sealed partial class GoogleCalendarConnector(
    GoogleConnectionStore store,
    GoogleOAuth oauth,
    GoogleTokenService tokens,
    GoogleCalendarClient client,
    GoogleCalendarSync sync,
    GoogleFreeBusyCache freeBusy,
    GoogleSyncSignal syncSignal,
    SettingsStore settings,
    IOptionsMonitor<GoogleOptions> options,
    IDataProtectionProvider dataProtection,
    IClock clock,
    ILogger<GoogleCalendarConnector> logger)
{
    public static readonly Duration StateLifetime = Duration.FromMinutes(15);

    private readonly IDataProtector _verifierProtector = dataProtection.CreateProtector("OpenBooking.Calendar.Google.Pkce.v1");

    /// <summary>
    /// The Google consent URL to send the admin to. <paramref name="redirectUri"/> is this app's
    /// <c>/admin/google/callback</c> and must be registered with the OAuth client (or set <c>Google:RedirectUri</c>).
    /// </summary>
    public async Task<Uri> BuildAuthorizationUrlAsync(string redirectUri, CancellationToken cancellationToken = default)
    {
        var settings = RequireConfigured();
        var state = GoogleOAuth.Base64Url(RandomNumberGenerator.GetBytes(32));
        var (codeVerifier, codeChallenge) = GoogleOAuth.CreatePkcePair();
        var url = GoogleOAuth.BuildAuthorizationUrl(settings, redirectUri, state, codeChallenge);
        var protectedVerifier = _verifierProtector.Protect(codeVerifier);
        await store.UpdateAsync(c =>
        {
            c.PendingStateHash = Hash(state);
            c.ProtectedCodeVerifier = protectedVerifier;
            c.PendingRedirectUri = redirectUri;
            c.PendingExpiresAt = clock.GetCurrentInstant() + StateLifetime;
        }, cancellationToken);
        return url;
    }

    /// <summary>
    /// Finishes the connection when Google sends the admin back: checks the state, exchanges the code (with the PKCE
    /// verifier) for tokens, stores them encrypted, picks the configured calendar from the account's calendar list and
    /// starts syncing upcoming bookings.
    /// </summary>
    /// <exception cref="GoogleConnectException">Wrong or expired state, or Google refused the code.</exception>
    public async Task<GoogleCalendarStatus> CompleteAsync(string code, string state, string redirectUri, CancellationToken cancellationToken = default)
    {
        var settings = RequireConfigured();
        var pending = await CheckStateAsync(state, redirectUri, cancellationToken);
        var codeVerifier = _verifierProtector.Unprotect(pending.ProtectedCodeVerifier!);
        // The state is spent whatever happens next: a code can be exchanged only once.
        await store.UpdateAsync(ClearPending, cancellationToken);

        TokenResponse token;
        try
        {
            token = await oauth.ExchangeCodeAsync(settings, code, codeVerifier, redirectUri, cancellationToken);
        }
        catch (TokenResponseException ex)
        {
            var reason = $"Google refused the sign-in code ({GoogleTokenService.Describe(ex.Error)}). Try connecting again.";
            await store.RecordErrorAsync(reason, cancellationToken);
            throw new GoogleConnectException(reason);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = $"Google's token endpoint could not be reached ({ex.GetType().Name}). Try connecting again.";
            await store.RecordErrorAsync(reason, cancellationToken);
            throw new GoogleConnectException(reason);
        }
        if (string.IsNullOrEmpty(token.RefreshToken))
        {
            const string reason = "Google did not grant offline access (no refresh token). Try connecting again.";
            await store.RecordErrorAsync(reason, cancellationToken);
            throw new GoogleConnectException(reason);
        }
        var granted = (token.Scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var missing = GoogleOAuth.Scopes.Except(granted).ToList();
        if (missing.Count > 0)
        {
            var reason = $"Google Calendar needs every permission it asks for; these were not granted: {string.Join(", ", missing)}. Connect again and allow them all.";
            await store.RecordErrorAsync(reason, cancellationToken);
            throw new GoogleConnectException(reason);
        }

        var now = clock.GetCurrentInstant();
        var protectedAccess = tokens.Protect(token.AccessToken);
        var protectedRefresh = tokens.Protect(token.RefreshToken);
        await store.UpdateAsync(c =>
        {
            c.Status = CalendarConnectionStatus.Connected;
            c.ClientId = settings.ClientId;
            c.ProtectedAccessToken = protectedAccess;
            c.ProtectedRefreshToken = protectedRefresh;
            c.AccessTokenExpiresAt = now + Duration.FromSeconds(token.ExpiresInSeconds ?? 3600);
            c.GrantedScopes = string.Join(' ', granted);
            c.ConnectedAt = now;
            c.CalendarId ??= settings.CalendarId;
            c.LastError = null;
            c.LastErrorAt = null;
        }, cancellationToken);
        LogConnected();

        await ChooseConfiguredCalendarAsync(settings.CalendarId, cancellationToken);
        freeBusy.Clear();
        syncSignal.Request();
        return await GetStatusAsync(cancellationToken);
    }

    /// <summary>Google sent the admin back with an error (e.g. <c>access_denied</c>): recorded if the state is ours.</summary>
    public async Task RecordDeclinedAsync(string state, string error, CancellationToken cancellationToken = default)
    {
        var connection = await store.FindAsync(cancellationToken);
        if (!StateMatches(connection, state))
        {
            throw new GoogleConnectException("This sign-in did not start here or has expired. Click Connect again.", stateRejected: true);
        }
        await store.UpdateAsync(c =>
        {
            ClearPending(c);
            c.LastError = $"Google sign-in did not complete ({error}).";
            c.LastErrorAt = clock.GetCurrentInstant();
        }, cancellationToken);
    }

    public async Task<GoogleCalendarStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        var connection = await store.FindAsync(cancellationToken);
        var state = !settings.IsConfigured ? GoogleCalendarState.NotConfigured
            : connection is { Status: CalendarConnectionStatus.Connected } && connection.ClientId == settings.ClientId ? GoogleCalendarState.Connected
            : GoogleCalendarState.Disconnected;
        var pending = state == GoogleCalendarState.Connected ? await sync.CountPendingAsync(cancellationToken) : 0;
        return new GoogleCalendarStatus(
            state,
            connection?.Account,
            connection?.CalendarId ?? settings.CalendarId,
            connection?.CalendarName,
            connection?.LastError,
            connection?.LastErrorAt,
            connection?.LastSyncAt,
            connection?.ConnectedAt,
            pending);
    }

    /// <summary>Calendars of the connected account that OpenBooking can write events to.</summary>
    public async Task<IReadOnlyList<GoogleCalendarInfo>> ListCalendarsAsync(CancellationToken cancellationToken = default)
    {
        var entries = await client.ListCalendarsAsync(cancellationToken);
        return [.. entries
            .Where(e => e.Id is not null)
            .Select(e => new GoogleCalendarInfo(e.Id!, e.SummaryOverride ?? e.Summary ?? e.Id!, e.Primary == true, e.AccessRole ?? "writer"))
            .OrderByDescending(c => c.IsPrimary)
            .ThenBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>
    /// Uses another calendar of the account for free/busy and new events. Events already written stay where they are
    /// and are still moved and deleted there.
    /// </summary>
    /// <exception cref="GoogleConnectException">The account cannot write to that calendar.</exception>
    public async Task<GoogleCalendarStatus> ChooseCalendarAsync(string calendarId, CancellationToken cancellationToken = default)
    {
        var calendars = await ListCalendarsAsync(cancellationToken);
        var chosen = calendars.FirstOrDefault(c => c.Id == calendarId)
            ?? throw new GoogleConnectException("That calendar is not in the account's calendar list, or the account cannot add events to it.");
        await store.UpdateAsync(c =>
        {
            c.CalendarId = chosen.Id;
            c.CalendarName = chosen.Name;
        }, cancellationToken);
        freeBusy.Clear();
        syncSignal.Request();
        return await GetStatusAsync(cancellationToken);
    }

    /// <summary>Revokes the grant at Google (best effort) and forgets the tokens; bookings use the built-in calendar.</summary>
    public async Task<GoogleCalendarStatus> DisconnectAsync(CancellationToken cancellationToken = default)
    {
        var connection = await store.FindAsync(cancellationToken);
        if (connection?.ProtectedRefreshToken is { } protectedRefresh && options.CurrentValue.IsConfigured)
        {
            try
            {
                await oauth.RevokeAsync(options.CurrentValue, tokens.Unprotect(protectedRefresh), cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or CryptographicException)
            {
                LogRevokeFailed(ex.GetType().Name);
            }
        }
        await store.MarkDisconnectedAsync("Disconnected in the dashboard.", cancellationToken);
        freeBusy.Clear();
        return await GetStatusAsync(cancellationToken);
    }

    /// <summary>
    /// Saves the OAuth client id and secret as dashboard settings (they win over configuration files). A different
    /// client id ends the current connection: its tokens belong to the old client.
    /// </summary>
    public async Task<GoogleCalendarStatus> SaveClientAsync(string clientId, string clientSecret, CancellationToken cancellationToken = default)
    {
        clientId = clientId.Trim();
        clientSecret = clientSecret.Trim();
        var connection = await store.FindAsync(cancellationToken);
        await settings.SetAsync(new Dictionary<string, string?>
        {
            [$"{GoogleOptions.Section}:{nameof(GoogleOptions.ClientId)}"] = clientId,
            [$"{GoogleOptions.Section}:{nameof(GoogleOptions.ClientSecret)}"] = clientSecret,
        }, cancellationToken);
        if (connection is { Status: CalendarConnectionStatus.Connected } && connection.ClientId != clientId)
        {
            await store.MarkDisconnectedAsync("The Google OAuth client changed. Connect Google Calendar again.", cancellationToken);
        }
        store.Invalidate();
        return await GetStatusAsync(cancellationToken);
    }

    private async Task ChooseConfiguredCalendarAsync(string configured, CancellationToken cancellationToken)
    {
        try
        {
            var calendars = await ListCalendarsAsync(cancellationToken);
            var primary = calendars.FirstOrDefault(c => c.IsPrimary);
            var current = (await store.FindAsync(cancellationToken))?.CalendarId ?? configured;
            var chosen = current == "primary" ? primary : calendars.FirstOrDefault(c => c.Id == current) ?? primary;
            await store.UpdateAsync(c =>
            {
                c.Account = primary?.Id ?? c.Account;
                if (chosen is not null)
                {
                    c.CalendarId = chosen.Id;
                    c.CalendarName = chosen.Name;
                }
            }, cancellationToken);
        }
        catch (GoogleCalendarException ex)
        {
            // Connected all the same: the configured calendar id is used until the list can be read.
            await store.RecordErrorAsync($"Connected, but the calendar list could not be read: {ex.Message}", cancellationToken);
        }
    }

    private async Task<CalendarConnection> CheckStateAsync(string state, string redirectUri, CancellationToken cancellationToken)
    {
        var connection = await store.FindAsync(cancellationToken);
        if (!StateMatches(connection, state))
        {
            LogStateRefused();
            throw new GoogleConnectException("This sign-in did not start here or has expired. Click Connect again.", stateRejected: true);
        }
        if (connection!.PendingRedirectUri != redirectUri)
        {
            throw new GoogleConnectException("The sign-in came back to a different address than it started from. Click Connect again.", stateRejected: true);
        }
        return connection;
    }

    private bool StateMatches(CalendarConnection? connection, string state) =>
        connection is { PendingStateHash: { } expected, ProtectedCodeVerifier: not null, PendingExpiresAt: { } expires }
        && expires > clock.GetCurrentInstant()
        && !string.IsNullOrEmpty(state)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(Hash(state)));

    private static void ClearPending(CalendarConnection c)
    {
        c.PendingStateHash = null;
        c.ProtectedCodeVerifier = null;
        c.PendingRedirectUri = null;
        c.PendingExpiresAt = null;
    }

    private GoogleOptions RequireConfigured()
    {
        var settings = options.CurrentValue;
        return settings.IsConfigured
            ? settings
            : throw new GoogleConnectException("Enter the Google OAuth client id and secret first.");
    }

    private static string Hash(string state) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Google Calendar connected")]
    private partial void LogConnected();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Google sign-in callback refused: its state is not the one this server issued, or it expired")]
    private partial void LogStateRefused();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoking the Google grant failed ({Type}); the tokens are forgotten anyway")]
    private partial void LogRevokeFailed(string type);
}
