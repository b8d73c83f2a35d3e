using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar.Google;

namespace OpenBooking.Tests.Calendar.Google;

/// <summary>The Google tests' dates and the OAuth round trip between a <see cref="ToolsTestHost"/> and a <see cref="FakeGoogleServer"/>.</summary>
internal static class GoogleTesting
{
    public const string RedirectUri = TestSettings.PublicBaseUrl + "/admin/google/callback";

    // Monday 30 March 2026 is an ordinary open day (09:00-17:00), after the spring clock change (+02:00).
    public static readonly LocalDate Monday = new(2026, 3, 30);

    /// <summary>The whole consent round trip: our URL, Google's consent page, back to our callback with code and state.</summary>
    public static async Task<GoogleCalendarStatus> ConnectAsync(this ToolsTestHost host, FakeGoogleServer google)
    {
        var (code, state) = await host.ConsentAsync(google);
        return await host.Get<GoogleCalendarConnector>().CompleteAsync(code, state, RedirectUri);
    }

    /// <summary>Starts a connection and returns what Google sends back (code and state), without completing it.</summary>
    public static async Task<(string Code, string State)> ConsentAsync(this ToolsTestHost host, FakeGoogleServer google)
    {
        var url = await host.Get<GoogleCalendarConnector>().BuildAuthorizationUrlAsync(RedirectUri);
        var callback = await google.ConsentAsync(url);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query);
        return (query["code"].ToString(), query["state"].ToString());
    }

    /// <summary>A local time on a date in the business time zone, as Google's JSON writes it.</summary>
    public static DateTimeOffset Offset(this ToolsTestHost host, LocalDate date, int hour, int minute = 0) =>
        host.At(date, hour, minute).ToDateTimeOffset();
}
