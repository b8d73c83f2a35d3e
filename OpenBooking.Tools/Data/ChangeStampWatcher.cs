using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenBooking.Tools.Data;

/// <summary>
/// Brings what this process caches up to date with changes another instance (or the stdio host) made: every
/// <see cref="DatabaseOptions.ChangeCheckSeconds"/> it reads the <see cref="ChangeStamp"/> rows (one small query, off the
/// request path) and, when a stamp moved, drops the cached services and closures (<see cref="CatalogVersion"/>) or
/// reloads the dashboard settings (<see cref="SettingsStore.Reload"/>). Changes made in this process apply at once
/// without it; changes made elsewhere apply within that interval.
/// </summary>
public sealed class ChangeStampWatcher(
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    CatalogVersion catalog,
    SettingsStore settings,
    IOptions<DatabaseOptions> options,
    ILogger<ChangeStampWatcher> logger) : BackgroundService
{
    private long? _catalog;
    private long? _settings;

    /// <summary>Reads the stamps once and applies what moved since the last check (everything, the first time).</summary>
    public async Task CheckAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stamps = await db.ChangeStamps.AsNoTracking().ToDictionaryAsync(s => s.Name, s => s.Version, cancellationToken);
        var catalogStamp = stamps.GetValueOrDefault(ChangeStamp.Catalog);
        if (catalogStamp != _catalog)
        {
            catalog.Changed();
            _catalog = catalogStamp;
        }
        var settingsStamp = stamps.GetValueOrDefault(ChangeStamp.Settings);
        if (settingsStamp != _settings)
        {
            settings.Reload();
            _settings = settingsStamp;
        }
    }

    /// <summary>
    /// Reads the stamps once while the host starts (after the migrations), so that the first request finds the baseline
    /// set and a catalog it reads is not dropped by a first check that comes later.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.ChangeCheckSeconds > 0)
        {
            try
            {
                await CheckAsync(cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation(ex, "Could not read the change stamps at start; the background check tries again");
            }
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.ChangeCheckSeconds;
        if (seconds <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database may be restarting: the caches stay as they are until it answers again.
                    logger.LogInformation(ex, "Could not read the change stamps; trying again in {Seconds} s", seconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
