using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using OpenBooking.Tools.Data;
using OpenBooking.Web.Components;

namespace OpenBooking.Tests.TestSupport;

/// <summary>
/// The whole web app for one test class: its own temporary data folder (SQLite file, mail pickup folder, keys), a
/// <see cref="FakeClock"/>, every log line captured, and settings on top of the embedded defaults. In memory by
/// default (<see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/>); <see cref="StartOnKestrel"/> puts
/// it on a real port for a browser or an out-of-process client.
/// </summary>
/// <remarks>
/// Keyed on <see cref="App"/> rather than <c>Program</c>: OpenBooking.Tools (visible to the tests) has a Program
/// too, and the factory only needs a type from the web app's assembly. Settings are read when the app starts:
/// set them with <see cref="WithSetting"/> before the first client, service or <see cref="StartOnKestrel"/>.
/// </remarks>
public class AppHost : WebApplicationFactory<App>
{
    /// <summary>The staff key every app host accepts on <c>/mcp</c>.</summary>
    public const string StaffKey = "test-staff-key";

    private readonly Dictionary<string, string?> _settings = new() { ["Mcp:ApiKeys:0"] = StaffKey };
    private readonly string _environment;
    private Action<IServiceCollection>? _services;

    /// <summary>The default clock's instant: Wednesday 10 June 2026, 10:00 in Brussels, so "tomorrow" is a working day.</summary>
    public static readonly Instant Wednesday = Instant.FromUtc(2026, 6, 10, 8, 0);

    /// <param name="clock">Defaults to a clock standing at <see cref="Wednesday"/>.</param>
    /// <param name="environment">Development shows the dev mailbox and detailed errors; Production hides them.</param>
    public AppHost(FakeClock? clock = null, string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null)
    {
        Clock = clock ?? new FakeClock(Wednesday);
        _environment = environment;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public FakeClock Clock { get; }

    public string DataDirectory { get; } = TempFolder.Create();

    /// <summary>Everything the app logged.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>The Kestrel address, e.g. http://127.0.0.1:41234, once <see cref="StartOnKestrel"/> ran.</summary>
    public Uri ServerAddress { get; private set; } = null!;

    /// <summary>A setting on top of the embedded defaults (e.g. <c>Mcp:ApiKeys:1</c>); only before the app starts.</summary>
    public AppHost WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Adds or replaces services after the app's own (e.g. a <see cref="TimeProvider"/>); only before the app starts.</summary>
    public AppHost WithServices(Action<IServiceCollection> configure)
    {
        _services += configure;
        return this;
    }

    /// <summary>Starts the app on Kestrel at a free port (MCP clients and browsers need a real socket).</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        ServerAddress = new Uri(addresses.Addresses.First());
        return ServerAddress;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Runs something against the app's database (to arrange data or read it back).</summary>
    public async Task<T> WithDbAsync<T>(Func<OpenBookingDbContext, Task<T>> work)
    {
        await using var db = await Get<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync();
        return await work(db);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IClock>(Clock);
            _services?.Invoke(services);
        });
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteDataDirectory();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            DeleteDataDirectory();
        }
    }

    private void DeleteDataDirectory()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TempFolder.Delete(DataDirectory);
    }
}
