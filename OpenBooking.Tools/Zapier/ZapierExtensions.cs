using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenBooking.Tools.Events;
using OpenBooking.Tools.Hosting;

namespace OpenBooking.Tools.Zapier;

public static class ZapierExtensions
{
    /// <summary>
    /// Zapier: options (validated at start), the signed webhook sender, the delivery log the dashboard reads, and the
    /// outbox handler that sends booking events to the configured Catch Hooks.
    /// </summary>
    public static IServiceCollection AddZapier(this IServiceCollection services)
    {
        services.AddValidatedOptions<ZapierOptions>(ZapierOptions.Section);
        services.AddSingleton<IPostConfigureOptions<ZapierOptions>, ZapierSecretsPostConfigure>();
        // Each POST has its own timeout from the current settings (see WebhookSender).
        services.AddHttpClient(WebhookSender.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDeliveries>();
        services.AddSingleton<IBookingEventHandler, ZapierWebhookHandler>();
        return services;
    }
}
