using System.Net;
using System.Security.Cryptography;
using Google.Apis.Auth.OAuth2.Responses;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace OpenBooking.Tools.Calendar.Google;

/// <summary>
/// Hands out a valid access token, refreshing it <see cref="RefreshMargin"/> before it expires. Tokens are stored
/// encrypted with ASP.NET Core Data Protection (keys in the data directory, shared by the web app and the stdio host)
/// and are never logged. When Google answers <c>invalid_grant</c> the connection is marked disconnected with the reason.
/// </summary>
public sealed partial class GoogleTokenService(
    GoogleConnectionStore store,
    GoogleOAuth oauth,
    IOptionsMonitor<GoogleOptions> options,
    IDataProtectionProvider dataProtection,
    IClock clock,
    ILogger<GoogleTokenService> logger)
{
    public static readonly Duration RefreshMargin = Duration.FromMinutes(5);

    private const string Purpose = "OpenBooking.Calendar.Google.Tokens.v1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);
    private readonly SemaphoreSlim _refreshGate = new(1, 1);

    internal string Protect(string secret) => _protector.Protect(secret);

    internal string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    /// <summary>An access token for the Calendar API. <paramref name="forceRefresh"/> after Google answered 401.</summary>
    /// <exception cref="GoogleNotConnectedException">Not connected, or Google revoked the grant now.</exception>
    /// <exception cref="GoogleCalendarException">The token endpoint failed (transient: try again later).</exception>
    public async Task<string> GetAccessTokenAsync(bool forceRefresh = false, CancellationToken cancellationToken = default)
    {
        var seen = await LoadConnectedAsync(cancellationToken);
        if (!forceRefresh && Usable(seen) is { } token)
        {
            return token;
        }
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            var current = await LoadConnectedAsync(cancellationToken);
            // Someone refreshed while we waited (this process or another sharing the database): use theirs.
            if (current.ProtectedAccessToken != seen.ProtectedAccessToken && Usable(current) is { } theirs)
            {
                return theirs;
            }
            if (!forceRefresh && Usable(current) is { } stillGood)
            {
                return stillGood;
            }
            return await RefreshAsync(current, cancellationToken);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private async Task<string> RefreshAsync(CalendarConnection connection, CancellationToken cancellationToken)
    {
        var refreshToken = await UnprotectOrDisconnectAsync(connection.ProtectedRefreshToken!, cancellationToken);
        TokenResponse response;
        try
        {
            response = await oauth.RefreshAsync(options.CurrentValue, refreshToken, cancellationToken);
        }
        catch (TokenResponseException ex) when (GoogleOAuth.IsGrantRevoked(ex.Error?.Error))
        {
            var reason = $"Google refused the saved authorization ({Describe(ex.Error)}). Reconnect Google Calendar.";
            await store.MarkDisconnectedAsync(reason, CancellationToken.None);
            LogDisconnected(reason);
            throw new GoogleNotConnectedException(reason);
        }
        catch (TokenResponseException ex)
        {
            var status = ex.StatusCode;
            throw new GoogleCalendarException(
                $"Google's token endpoint answered {(status is null ? "an error" : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture))} ({Describe(ex.Error)}).",
                isTransient: status is null || (int)status >= 500 || status == HttpStatusCode.TooManyRequests,
                status,
                ex.Error?.Error);
        }
        catch (HttpRequestException ex)
        {
            throw new GoogleCalendarException($"Google's token endpoint could not be reached: {ex.Message}", isTransient: true, inner: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GoogleCalendarException("Google's token endpoint did not answer in time.", isTransient: true, inner: ex);
        }

        var expiresAt = clock.GetCurrentInstant() + Duration.FromSeconds(response.ExpiresInSeconds ?? 3600);
        var protectedAccess = _protector.Protect(response.AccessToken);
        var rotated = response.RefreshToken is { } newRefresh && newRefresh != refreshToken ? _protector.Protect(newRefresh) : null;
        await store.UpdateAsync(c =>
        {
            c.ProtectedAccessToken = protectedAccess;
            c.AccessTokenExpiresAt = expiresAt;
            if (rotated is not null)
            {
                c.ProtectedRefreshToken = rotated;
            }
        }, CancellationToken.None);
        LogRefreshed(expiresAt);
        return response.AccessToken;
    }

    private async Task<CalendarConnection> LoadConnectedAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (!settings.IsConfigured)
        {
            throw new GoogleNotConnectedException("Google Calendar is not configured (no OAuth client id and secret).");
        }
        var connection = await store.FindAsync(cancellationToken);
        if (connection is not { Status: CalendarConnectionStatus.Connected, ProtectedRefreshToken: not null })
        {
            throw new GoogleNotConnectedException(connection?.LastError ?? "Google Calendar is not connected.");
        }
        if (connection.ClientId != settings.ClientId)
        {
            const string reason = "The Google OAuth client id changed since Google Calendar was connected. Reconnect Google Calendar.";
            await store.MarkDisconnectedAsync(reason, CancellationToken.None);
            throw new GoogleNotConnectedException(reason);
        }
        return connection;
    }

    /// <summary>The stored access token when it has more than <see cref="RefreshMargin"/> left.</summary>
    private string? Usable(CalendarConnection connection)
    {
        if (connection.ProtectedAccessToken is null || connection.AccessTokenExpiresAt is not { } expires
            || expires - clock.GetCurrentInstant() <= RefreshMargin)
        {
            return null;
        }
        try
        {
            return _protector.Unprotect(connection.ProtectedAccessToken);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private async Task<string> UnprotectOrDisconnectAsync(string protectedToken, CancellationToken cancellationToken)
    {
        try
        {
            return _protector.Unprotect(protectedToken);
        }
        catch (CryptographicException)
        {
            const string reason = "The saved Google tokens cannot be decrypted (the Data Protection keys in the data directory changed). Reconnect Google Calendar.";
            await store.MarkDisconnectedAsync(reason, cancellationToken);
            LogDisconnected(reason);
            throw new GoogleNotConnectedException(reason);
        }
    }

    internal static string Describe(TokenErrorResponse? error) =>
        error is null ? "no details"
        : string.IsNullOrWhiteSpace(error.ErrorDescription) ? error.Error
        : $"{error.Error}: {error.ErrorDescription}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Google Calendar disconnected: {Reason}")]
    private partial void LogDisconnected(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Google access token refreshed; valid until {ExpiresAt}")]
    private partial void LogRefreshed(Instant expiresAt);
}
