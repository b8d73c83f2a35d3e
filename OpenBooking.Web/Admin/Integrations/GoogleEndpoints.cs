using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenBooking.Tools.Calendar.Google;

namespace OpenBooking.Web.Admin;

/// <summary>
/// The Google Calendar OAuth round trip: <c>/admin/google/connect</c> sends the admin to Google's consent page and
/// <c>/admin/google/callback</c> is where Google sends them back. Both end on the dashboard's integrations page with
/// <c>?google=connected|declined|error</c>; the page shows <see cref="GoogleCalendarConnector.GetStatusAsync"/>.
/// </summary>
/// <remarks>
/// Admin only: <see cref="MapGoogleEndpoints"/> returns the group so the host can put it behind the admin policy
/// (<c>app.MapGoogleEndpoints().RequireAuthorization(...)</c>). Register <see cref="CallbackPath"/> on this host as an
/// authorized redirect URI of the OAuth client, or set <c>Google:RedirectUri</c>.
/// </remarks>
public static class GoogleEndpoints
{
    public const string CallbackPath = "/admin/google/callback";

    /// <summary>Where the admin lands afterwards.</summary>
    public const string ReturnPath = "/admin/integrations";

    public static RouteGroupBuilder MapGoogleEndpoints(this IEndpointRouteBuilder app)
    {
        var google = app.MapGroup("/admin/google");
        google.MapGet("/connect", ConnectAsync).WithName("GoogleConnect");
        google.MapGet("/callback", CallbackAsync).WithName("GoogleCallback");
        return google;
    }

    public static async Task<RedirectHttpResult> ConnectAsync(
        GoogleCalendarConnector connector, IOptionsMonitor<GoogleOptions> options, HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var url = await connector.BuildAuthorizationUrlAsync(RedirectUri(options.CurrentValue, request), cancellationToken);
            return TypedResults.Redirect(url.AbsoluteUri);
        }
        catch (GoogleConnectException)
        {
            return TypedResults.Redirect($"{ReturnPath}?google=not-configured");
        }
    }

    public static async Task<Results<RedirectHttpResult, BadRequest<string>>> CallbackAsync(
        string? code, string? state, string? error,
        GoogleCalendarConnector connector, IOptionsMonitor<GoogleOptions> options, HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (error is not null)
            {
                await connector.RecordDeclinedAsync(state ?? "", error, cancellationToken);
                return TypedResults.Redirect($"{ReturnPath}?google=declined");
            }
            if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(state))
            {
                return TypedResults.BadRequest("The Google sign-in answer has no code or state.");
            }
            await connector.CompleteAsync(code, state, RedirectUri(options.CurrentValue, request), cancellationToken);
            return TypedResults.Redirect($"{ReturnPath}?google=connected");
        }
        catch (GoogleConnectException ex) when (ex.StateRejected)
        {
            // Not a sign-in this server started (or it expired): refuse without touching the connection.
            return TypedResults.BadRequest(ex.Message);
        }
        catch (GoogleConnectException)
        {
            // The reason is in the connection's last error, which the integrations page shows.
            return TypedResults.Redirect($"{ReturnPath}?google=error");
        }
    }

    /// <summary><c>Google:RedirectUri</c>, or this host's callback URL as the browser sees it.</summary>
    public static string RedirectUri(GoogleOptions options, HttpRequest request) =>
        string.IsNullOrWhiteSpace(options.RedirectUri)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}{CallbackPath}"
            : options.RedirectUri;
}
