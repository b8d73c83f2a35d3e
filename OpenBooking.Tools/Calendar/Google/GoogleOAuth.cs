using System.Security.Cryptography;
using System.Text;
using Google.Apis.Auth.OAuth2.Requests;
using Google.Apis.Auth.OAuth2.Responses;

namespace OpenBooking.Tools.Calendar.Google;

/// <summary>
/// The OAuth 2.0 web-server flow against Google's endpoints, built on Google.Apis.Auth's request classes
/// (<see cref="GoogleAuthorizationCodeRequestUrl"/>, <see cref="AuthorizationCodeTokenRequest"/>,
/// <see cref="RefreshTokenRequest"/>). Its ready-made <c>GoogleAuthorizationCodeFlow</c> cannot take other endpoint
/// URLs, and <see cref="GoogleOptions.AuthBaseUrl"/> must be able to point at a test server.
/// </summary>
public sealed class GoogleOAuth(IHttpClientFactory httpFactory)
{
    public const string HttpClientName = "google-oauth";

    /// <summary>
    /// The smallest scopes that do the job: write events (insert, patch, delete), read free/busy (freeBusy.query
    /// accepts calendar.freebusy, which cannot read event details), and read the calendar list to pick a calendar.
    /// </summary>
    public static readonly IReadOnlyList<string> Scopes =
    [
        "https://www.googleapis.com/auth/calendar.events",
        "https://www.googleapis.com/auth/calendar.freebusy",
        "https://www.googleapis.com/auth/calendar.calendarlist.readonly",
    ];

    /// <summary>
    /// The consent URL: offline access (a refresh token), <c>prompt=consent</c> (Google sends a refresh token again on
    /// a reconnect), PKCE with S256, and the caller's <paramref name="state"/>.
    /// </summary>
    public static Uri BuildAuthorizationUrl(GoogleOptions options, string redirectUri, string state, string codeChallenge) =>
        new GoogleAuthorizationCodeRequestUrl(new Uri(options.AuthorizationEndpoint))
        {
            ClientId = options.ClientId,
            RedirectUri = redirectUri,
            Scope = string.Join(' ', Scopes),
            State = state,
            AccessType = "offline",
            Prompt = "consent",
            CodeChallenge = codeChallenge,
            CodeChallengeMethod = "S256",
        }.Build();

    /// <summary>A PKCE verifier (43 characters from 32 random bytes) and its S256 challenge (RFC 7636).</summary>
    public static (string Verifier, string Challenge) CreatePkcePair()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <exception cref="TokenResponseException">Google refused (e.g. <c>invalid_grant</c> for a used or expired code).</exception>
    public Task<TokenResponse> ExchangeCodeAsync(GoogleOptions options, string code, string codeVerifier, string redirectUri, CancellationToken cancellationToken) =>
        new AuthorizationCodeTokenRequest
        {
            ClientId = options.ClientId,
            ClientSecret = options.ClientSecret,
            Code = code,
            CodeVerifier = codeVerifier,
            RedirectUri = redirectUri,
        }.ExecuteAsync(Http(options), options.TokenEndpoint, cancellationToken, global::Google.Apis.Util.SystemClock.Default);

    /// <exception cref="TokenResponseException">Google refused (<c>invalid_grant</c>: revoked or expired grant).</exception>
    public Task<TokenResponse> RefreshAsync(GoogleOptions options, string refreshToken, CancellationToken cancellationToken) =>
        new RefreshTokenRequest
        {
            ClientId = options.ClientId,
            ClientSecret = options.ClientSecret,
            RefreshToken = refreshToken,
        }.ExecuteAsync(Http(options), options.TokenEndpoint, cancellationToken, global::Google.Apis.Util.SystemClock.Default);

    /// <summary>Revokes a grant. The token goes in the form body, never in the URL (URLs get logged).</summary>
    public async Task RevokeAsync(GoogleOptions options, string token, CancellationToken cancellationToken)
    {
        using var response = await Http(options).PostAsync(
            options.RevokeEndpoint, new FormUrlEncodedContent([new("token", token)]), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Token endpoint errors that mean the grant is gone for good: the admin must connect again.</summary>
    public static bool IsGrantRevoked(string? error) => error is "invalid_grant" or "invalid_client" or "unauthorized_client";

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private HttpClient Http(GoogleOptions options)
    {
        var http = httpFactory.CreateClient(HttpClientName);
        http.Timeout = options.RequestTimeout;
        return http;
    }
}
