using OpenBooking.Tools.Health;

namespace OpenBooking.Tools.Calendar.Google;

/// <summary>The calendar card of the dashboard: Google Calendar's connection, or the built-in calendar.</summary>
public sealed class GoogleCalendarStatusSource(GoogleCalendarConnector connector) : IIntegrationStatusSource
{
    public async Task<IntegrationStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var status = await connector.GetStatusAsync(cancellationToken);
        return status.State switch
        {
            GoogleCalendarState.Connected => new IntegrationStatus(
                "calendar",
                status.LastError is null ? IntegrationState.Ok : IntegrationState.Error,
                $"Google Calendar ({status.Account ?? "connected"})",
                $"Bookings go to {status.CalendarName ?? status.CalendarId}; busy time there is not offered."
                    + (status.PendingSyncs > 0 ? $" {status.PendingSyncs} booking(s) waiting to sync." : ""),
                status.LastError,
                status.LastErrorAt),
            GoogleCalendarState.Disconnected => new IntegrationStatus(
                "calendar",
                IntegrationState.Error,
                "Google Calendar (disconnected)",
                "Bookings use the built-in calendar until you reconnect Google Calendar.",
                status.LastError,
                status.LastErrorAt),
            _ => new IntegrationStatus(
                "calendar",
                IntegrationState.NotConfigured,
                "Built-in calendar",
                "Bookings are kept in OpenBooking's own calendar. Add a Google OAuth client to connect Google Calendar."),
        };
    }
}
