using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Client;
using NodaTime;
using NodaTime.Testing;
using OpenBooking.Tests.TestSupport;

namespace OpenBooking.Tests.Mcp;

/// <summary>
/// The web app on a real Kestrel port for MCP clients (an <see cref="AppHost"/>), with two MCP API keys, the clock
/// standing at the real "now" (so that the stdio host and app processes, which run on the real clock, agree on dates)
/// and a fake clock for the SDK's idle-session pruning. One per test class.
/// </summary>
public sealed class McpWebHost : IAsyncLifetime
{
    public const string ApiKey = "test-key";
    public const string SecondApiKey = "second-test-key";

    private readonly AppHost _app;

    public McpWebHost()
    {
        _app = new AppHost(new FakeClock(SystemClock.Instance.GetCurrentInstant()))
            .WithSetting("Mcp:ApiKeys:0", ApiKey)
            .WithSetting("Mcp:ApiKeys:1", SecondApiKey)
            .WithServices(services => services.Configure<HttpServerTransportOptions>(options => options.TimeProvider = SessionTime));
    }

    /// <summary>The clock of the SDK's idle-session pruning: its timer fires when a test advances it.</summary>
    public FakeTimeProvider SessionTime { get; } = new(DateTimeOffset.UtcNow);

    public Uri McpEndpoint => new(_app.ServerAddress, "/mcp");

    public IServiceProvider Services => _app.Services;

    public Task InitializeAsync()
    {
        _app.StartOnKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A plain HTTP client for the app, optionally with a bearer key.</summary>
    public HttpClient CreateHttpClient(string? apiKey = ApiKey)
    {
        var http = new HttpClient { BaseAddress = _app.ServerAddress };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return http;
    }

    /// <summary>An MCP client over Streamable HTTP; <paramref name="protocolVersion"/> null lets the SDK choose (2026-07-28).</summary>
    public Task<McpClient> ConnectAsync(string? protocolVersion = null, string apiKey = ApiKey) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = McpEndpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {apiKey}" },
            }),
            new McpClientOptions { ProtocolVersion = protocolVersion });

    /// <summary>A Monday at least a week away in the business time zone (open 09:00-17:00 by default).</summary>
    public static LocalDate UpcomingMonday(int weeksLater = 0) =>
        SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/Brussels"]).Date
            .PlusWeeks(1).Next(IsoDayOfWeek.Monday).PlusWeeks(weeksLater);
}
