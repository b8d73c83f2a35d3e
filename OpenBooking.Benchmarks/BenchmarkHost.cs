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
    private readonly bool _ownsDataDirectory;

    private BenchmarkHost(IHost host, string dataDirectory, bool ownsDataDirectory)
    {
        _host = host;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>The host's data folder; pass it to another host to play a second instance on the same SQLite file.</summary>
    public string DataDirectory { get; }

    /// <param name="now">A fixed clock; null uses the system clock.</param>
    /// <param name="settings">Settings on top of the benchmark's own.</param>
    /// <param name="dataDirectory">Another host's data folder, to share its database (that host deletes it).</param>
    public static async Task<BenchmarkHost> StartAsync(
        Instant? now = null, Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string?>? settings = null,
        string? dataDirectory = null)
    {
        var ownsDataDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("openbooking-bench-").FullName;
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
        return new BenchmarkHost(host, dataDirectory, ownsDataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_ownsDataDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
