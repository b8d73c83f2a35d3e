using Microsoft.Extensions.Configuration;
using NodaTime.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using OpenBooking.Tools.Hosting;

namespace OpenBooking.Tests.TestSupport;

/// <summary>
/// The tool servers' real services on a fresh SQLite file in a temp folder, with a fake clock.
/// Migrations run at start exactly as in the app.
/// </summary>
public sealed class ToolsTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ToolsTestHost(IHost host, FakeClock clock, string dataDirectory)
    {
        _host = host;
        Clock = clock;
        DataDirectory = dataDirectory;
    }

    public FakeClock Clock { get; }
    public string DataDirectory { get; }
    public IServiceProvider Services => _host.Services;

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Runs something against the test database (to arrange data or read it back).</summary>
    public async Task<T> WithDbAsync<T>(Func<OpenBooking.Tools.Data.OpenBookingDbContext, Task<T>> work)
    {
        var factory = Get<Microsoft.EntityFrameworkCore.IDbContextFactory<OpenBooking.Tools.Data.OpenBookingDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await work(db);
    }

    /// <summary>Adds a service (arrange); returns it.</summary>
    public Task<OpenBooking.Tools.Data.Service> AddServiceAsync(OpenBooking.Tools.Data.Service service) => WithDbAsync(async db =>
    {
        db.Services.Add(service);
        await db.SaveChangesAsync();
        return service;
    });

    public static async Task<ToolsTestHost> StartAsync(
        FakeClock? clock = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        clock ??= TestClock.At("2026-03-27T10:00");
        var dataDirectory = TempFolder.Create();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Testing",
            ContentRootPath = dataDirectory,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Services.AddSingleton<IClock>(clock);
        configure?.Invoke(builder.Services);
        builder.AddOpenBookingTools();
        var host = builder.Build();
        await host.StartAsync();
        return new ToolsTestHost(host, clock, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await ((IAsyncDisposable)_host).DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TempFolder.Delete(DataDirectory);
    }
}

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
