using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenBooking.Tools.Events;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Health;

namespace OpenBooking.Tools.Calendar.Google;

public static class GoogleCalendarExtensions
{
    /// <summary>
    /// Google Calendar: options, the OAuth connector, the typed Calendar client, the free/busy provider (it becomes
    /// the <see cref="ICalendarProvider"/> unless one is registered already; it falls back to the built-in calendar
    /// whenever Google is not configured and connected), event sync and its background catch-up.
    /// </summary>
    public static IServiceCollection AddGoogleCalendar(this IServiceCollection services)
    {
        services.AddValidatedOptions<GoogleOptions>(GoogleOptions.Section);
        services.AddSingleton<IPostConfigureOptions<GoogleOptions>, GoogleSecretsPostConfigure>();
        services.AddHttpClient(GoogleCalendarClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient(GoogleOAuth.HttpClientName);
        services.AddSingleton<GoogleOAuth>();
        services.AddSingleton<GoogleConnectionStore>();
        services.AddSingleton<GoogleTokenService>();
        services.AddSingleton<GoogleCalendarClient>();
        services.AddSingleton<GoogleFreeBusyCache>();
        services.AddSingleton<GoogleSyncSignal>();
        services.AddSingleton<GoogleCalendarSync>();
        services.AddSingleton<GoogleCalendarConnector>();
        services.AddSingleton<GoogleCalendarProvider>();
        services.TryAddSingleton<BuiltInCalendarProvider>();
        services.TryAddSingleton<ICalendarProvider, ConnectedCalendarProvider>();
        services.AddHostedService<GoogleCalendarSyncWorker>();
        services.AddSingleton<IBookingEventHandler, GoogleCalendarEventHandler>();
        services.AddSingleton<IIntegrationStatusSource, GoogleCalendarStatusSource>();
        return services;
    }
}
