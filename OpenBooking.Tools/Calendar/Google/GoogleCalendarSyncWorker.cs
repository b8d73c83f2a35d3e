using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenBooking.Tools.Calendar.Google;

/// <summary>Wakes the background sync early (after a connect, or a calendar change).</summary>
public sealed class GoogleSyncSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Request()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // A run is already requested.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Runs <see cref="GoogleCalendarSync.SyncPendingAsync"/> every <see cref="GoogleOptions.SyncInterval"/> and when
/// signalled, so bookings made while Google was down or disconnected reach the calendar. Does nothing while Google is
/// not connected; <c>Google:SyncInterval = 00:00:00</c> turns it off.
/// </summary>
internal sealed partial class GoogleCalendarSyncWorker(
    GoogleCalendarSync sync,
    GoogleSyncSignal signal,
    IOptionsMonitor<GoogleOptions> options,
    ILogger<GoogleCalendarSyncWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var interval = options.CurrentValue.SyncInterval;
            // While turned off, look at the setting again now and then (the dashboard may turn it on).
            await signal.WaitAsync(interval > TimeSpan.Zero ? interval : TimeSpan.FromMinutes(1), stoppingToken);
            if (options.CurrentValue.SyncInterval <= TimeSpan.Zero)
            {
                continue;
            }
            try
            {
                var changed = await sync.SyncPendingAsync(stoppingToken);
                if (changed > 0)
                {
                    LogSynced(changed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex.GetType().Name, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Google Calendar background sync wrote {Count} booking(s)")]
    private partial void LogSynced(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Google Calendar background sync failed ({Type}): {Reason}")]
    private partial void LogSweepFailed(string type, string reason);
}
