using System.Collections.Concurrent;
using NodaTime.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Calendar.Google;

namespace OpenBooking.Tests.Calendar.Google;

/// <summary>
/// The tool services on a fresh database (fake clock at Friday 27 March 2026 10:00, Brussels) talking to a
/// <see cref="FakeGoogleServer"/> through the real Google code, with every log line captured.
/// </summary>
public sealed class GoogleTestHost : IAsyncDisposable
{
    public const string RedirectUri = "https://book.example.com/admin/google/callback";

    // Monday 30 March 2026 is an ordinary open day (09:00-17:00), after the spring clock change (+02:00).
    public static readonly LocalDate Monday = new(2026, 3, 30);

    private GoogleTestHost(ToolsTestHost tools, FakeGoogleServer google, LogCapture logs)
    {
        Tools = tools;
        Google = google;
        Logs = logs;
    }

    public ToolsTestHost Tools { get; }
    public FakeGoogleServer Google { get; }
    public LogCapture Logs { get; }
    public FakeClock Clock => Tools.Clock;

    public GoogleCalendarConnector Connector => Tools.Get<GoogleCalendarConnector>();
    public GoogleCalendarClient Client => Tools.Get<GoogleCalendarClient>();
    public GoogleCalendarSync Sync => Tools.Get<GoogleCalendarSync>();
    public BookingService Bookings => Tools.Get<BookingService>();

    /// <param name="services">More services for the host (e.g. the web app's agent options for the Integrations editor).</param>
    public static async Task<GoogleTestHost> StartAsync(Action<Dictionary<string, string?>>? settings = null, bool configured = true, Action<IServiceCollection>? services = null)
    {
        var google = await FakeGoogleServer.StartAsync();
        var values = new Dictionary<string, string?>
        {
            ["Business:PublicBaseUrl"] = "https://book.example.com",
            ["Google:ApiBaseUrl"] = google.ApiBaseUrl,
            ["Google:AuthBaseUrl"] = google.AuthBaseUrl,
            ["Google:RetryDelay"] = "00:00:00",
            ["Google:RequestTimeout"] = "00:00:10",
            // Tests sync explicitly; the background sweep would race them.
            ["Google:SyncInterval"] = "00:00:00",
            // The tests drive sync themselves; the outbox dispatcher would sync the same bookings beside them.
            ["Notifications:RunInBackground"] = "false",
        };
        if (configured)
        {
            values["Google:ClientId"] = FakeGoogleServer.ClientId;
            values["Google:ClientSecret"] = FakeGoogleServer.ClientSecret;
        }
        settings?.Invoke(values);
        var logs = new LogCapture();
        var tools = await ToolsTestHost.StartAsync(settings: values, configure: collection =>
        {
            collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
            services?.Invoke(collection);
        });
        return new GoogleTestHost(tools, google, logs);
    }

    /// <summary>The whole consent round trip: our URL, Google's consent page, back to our callback with code and state.</summary>
    public async Task<GoogleCalendarStatus> ConnectAsync()
    {
        var (code, state) = await ConsentAsync();
        return await Connector.CompleteAsync(code, state, RedirectUri);
    }

    /// <summary>Starts a connection and returns what Google sends back (code and state), without completing it.</summary>
    public async Task<(string Code, string State)> ConsentAsync()
    {
        var url = await Connector.BuildAuthorizationUrlAsync(RedirectUri);
        var callback = await Google.ConsentAsync(url);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query);
        return (query["code"].ToString(), query["state"].ToString());
    }

    public Instant At(LocalDate date, int hour, int minute = 0) =>
        date.At(new LocalTime(hour, minute)).InZoneStrictly(Bookings.Zone).ToInstant();

    public DateTimeOffset Offset(LocalDate date, int hour, int minute = 0) => At(date, hour, minute).ToDateTimeOffset();

    public async ValueTask DisposeAsync()
    {
        await Tools.DisposeAsync();
        await Google.DisposeAsync();
    }
}
