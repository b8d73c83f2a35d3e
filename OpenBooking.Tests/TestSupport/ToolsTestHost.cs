using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Hosting;

namespace OpenBooking.Tests.TestSupport;

/// <summary>
/// The tool servers' real services without the web app: a generic host with <c>AddOpenBookingTools()</c> on a fresh
/// SQLite file in a temporary folder (migrated at start exactly as in the app), a <see cref="FakeClock"/>, every
/// log line captured and waits that return at once (<see cref="Delays"/>). Settings come as a <see cref="TestSettings"/>.
/// </summary>
public sealed class ToolsTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly bool _ownsDataDirectory;

    private ToolsTestHost(IHost host, FakeClock clock, string dataDirectory, bool ownsDataDirectory, LogCapture logs, InstantDelays delays)
    {
        _host = host;
        Clock = clock;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        Logs = logs;
        Delays = delays;
    }

    public FakeClock Clock { get; }
    public string DataDirectory { get; }
    public IServiceProvider Services => _host.Services;

    /// <summary>Everything the services logged, at every level.</summary>
    public LogCapture Logs { get; }

    /// <summary>The host's <see cref="TimeProvider"/>: every timer fires at once and the wait asked for is recorded.</summary>
    public InstantDelays Delays { get; }

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Stops the host as the app stops (hosted services' StopAsync), without disposing it.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _host.StopAsync(cancellationToken);

    /// <summary>Runs something against the test database (to arrange data or read it back).</summary>
    public async Task<T> WithDbAsync<T>(Func<OpenBookingDbContext, Task<T>> work)
    {
        await using var db = await Get<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync();
        return await work(db);
    }

    /// <summary>A local time on a date in the business time zone, as an instant.</summary>
    public Instant At(LocalDate date, int hour, int minute = 0) =>
        date.At(new LocalTime(hour, minute)).InZoneStrictly(Get<BookingService>().Zone).ToInstant();

    /// <summary>The emails in the pickup folder, oldest first.</summary>
    public IReadOnlyList<ReceivedEmail> Emails() => [.. Get<PickupMailbox>().ReadNewest(500).Reverse()];

    /// <param name="clock">Defaults to Friday 27 March 2026, 10:00 in Brussels.</param>
    /// <param name="settings">Settings on top of the embedded defaults.</param>
    /// <param name="configure">More or replaced services (registered before the tools, so the tools' TryAdd keep them).</param>
    /// <param name="dataDirectory">Another host's data folder, to share its database and mail folder (that host deletes it).</param>
    public static async Task<ToolsTestHost> StartAsync(
        FakeClock? clock = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null,
        string? dataDirectory = null)
    {
        clock ??= TestClock.At("2026-03-27T10:00");
        var ownsDataDirectory = dataDirectory is null;
        dataDirectory ??= TempFolder.Create();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Testing",
            ContentRootPath = dataDirectory,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = dataDirectory });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        var logs = new LogCapture();
        var delays = new InstantDelays();
        builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.Services.AddSingleton<IClock>(clock);
        builder.Services.AddSingleton<TimeProvider>(delays);
        configure?.Invoke(builder.Services);
        builder.AddOpenBookingTools();
        var host = builder.Build();
        await host.StartAsync();
        return new ToolsTestHost(host, clock, dataDirectory, ownsDataDirectory, logs, delays);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await ((IAsyncDisposable)_host).DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDataDirectory)
        {
            TempFolder.Delete(DataDirectory);
        }
    }
}

/// <summary>A clock for waits only: every timer fires at once, and the wait it was asked for is recorded.</summary>
public sealed class InstantDelays : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _waits.Enqueue(dueTime);
        var timer = new FiredTimer();
        ThreadPool.UnsafeQueueUserWorkItem(_ => callback(state), null);
        return timer;
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>A folder under the system temp folder for one host's database, mail and keys.</summary>
public static class TempFolder
{
    public static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), "openbooking-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finalising connection: the OS temp cleaner gets it later.
        }
    }
}
