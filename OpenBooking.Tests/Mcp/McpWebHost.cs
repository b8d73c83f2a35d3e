using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Client;
using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tests.Mcp;

/// <summary>
/// The web app on a real Kestrel port (MCP clients need a real socket), with its own temporary data folder, two MCP
/// API keys and a clock the tests can move forward. One per test class.
/// </summary>
public sealed class McpWebHost : IAsyncLifetime
{
    public const string ApiKey = "test-key";
    public const string SecondApiKey = "second-test-key";

    private readonly KestrelFactory _factory;

    public McpWebHost()
    {
        DataDirectory = Directory.CreateTempSubdirectory("openbooking-mcp-").FullName;
        _factory = new KestrelFactory(this);
    }

    public string DataDirectory { get; }

    public ShiftableTimeProvider Time { get; } = new();

    /// <summary>The clock of the SDK's idle-session pruning: its timer fires when a test advances it.</summary>
    public FakeTimeProvider SessionTime { get; } = new(DateTimeOffset.UtcNow);

    public Uri McpEndpoint => new(_factory.ServerAddress, "/mcp");

    /// <summary>The services of the app that serves the Kestrel port.</summary>
    public IServiceProvider Services => _factory.KestrelServices;

    public Task InitializeAsync()
    {
        // Resolving the services builds and starts both hosts.
        _ = _factory.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }

    /// <summary>A plain HTTP client for the app, optionally with a bearer key.</summary>
    public HttpClient CreateHttpClient(string? apiKey = ApiKey)
    {
        var http = new HttpClient { BaseAddress = _factory.ServerAddress };
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

    // Any type of the web assembly names its entry point; `Program` would be ambiguous (the Tools project has one too).
    private sealed class KestrelFactory(McpWebHost owner) : WebApplicationFactory<OpenBooking.Web.Components.App>
    {
        private IHost? _kestrelHost;

        public Uri ServerAddress { get; private set; } = null!;

        public IServiceProvider KestrelServices => _kestrelHost!.Services;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Storage:DataDirectory", owner.DataDirectory);
            builder.UseSetting("Mcp:ApiKeys:0", ApiKey);
            builder.UseSetting("Mcp:ApiKeys:1", SecondApiKey);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(owner.Time);
                services.Configure<HttpServerTransportOptions>(options => options.TimeProvider = owner.SessionTime);
            });
        }

        // On .NET 9 the factory only builds an in-memory TestServer; a second host from the same builder listens
        // on a real port.
        protected override IHost CreateHost(IHostBuilder builder)
        {
            var testHost = builder.Build();
            builder.ConfigureWebHost(web => web.UseKestrel().UseUrls("http://127.0.0.1:0"));
            _kestrelHost = builder.Build();
            _kestrelHost.Start();
            var addresses = _kestrelHost.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
            ServerAddress = new Uri(addresses.Addresses.First());
            testHost.Start();
            return testHost;
        }

        public override async ValueTask DisposeAsync()
        {
            if (_kestrelHost is not null)
            {
                await _kestrelHost.StopAsync();
                _kestrelHost.Dispose();
            }
            await base.DisposeAsync();
        }
    }
}

/// <summary>The system clock plus an offset the test moves forward (timers still run on real time).</summary>
public sealed class ShiftableTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
