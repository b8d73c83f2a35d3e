using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Data;

namespace OpenBooking.Benchmarks;

/// <summary>The tool servers' real services on a fresh SQLite file in a temp folder, for one benchmark class.</summary>
public sealed class BenchmarkHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _dataDirectory;

    private BenchmarkHost(IHost host, string dataDirectory)
    {
        _host = host;
        _dataDirectory = dataDirectory;
    }

    public IServiceProvider Services => _host.Services;

    /// <param name="now">A fixed clock; null uses the system clock.</param>
    /// <param name="settings">Settings on top of the benchmark's own.</param>
    public static async Task<BenchmarkHost> StartAsync(
        Instant? now = null, Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("openbooking-bench-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = dataDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Booking:HorizonDays"] = "730",
            ["Booking:MinimumNoticeMinutes"] = "0",
            // Measure the booking path itself, not email delivery running beside it.
            ["Notifications:RunInBackground"] = "false",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IClock>(now is { } fixedNow ? new FakeClock(fixedNow) : SystemClock.Instance);
        configure?.Invoke(builder.Services);
        builder.AddOpenBookingTools();
        var host = builder.Build();
        await host.StartAsync();
        return new BenchmarkHost(host, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
