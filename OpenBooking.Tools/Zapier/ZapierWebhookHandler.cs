using Microsoft.Extensions.Options;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Events;

namespace OpenBooking.Tools.Zapier;

/// <summary>A booking event could not be delivered to its hook; the outbox retries it with backoff.</summary>
public sealed class WebhookDeliveryException(string message) : Exception(message);

/// <summary>
/// Sends each booking event to the Catch Hook configured for its type (nothing when none is). The delivery is recorded
/// before the POST; a non-2xx answer or a timeout throws, so the outbox retries with backoff. Once delivered, a repeat
/// of the same event (another process, a restart) is not posted again; a crash between the POST and the record may
/// still post twice, which receivers absorb by de-duplicating on the event id.
/// </summary>
public sealed class ZapierWebhookHandler(
    WebhookDeliveries deliveries,
    IOptionsMonitor<ZapierOptions> options,
    IOptionsMonitor<BusinessOptions> business) : IBookingEventHandler
{
    public string Name => "zapier";

    public async Task HandleAsync(BookingEvent bookingEvent, CancellationToken cancellationToken)
    {
        if (options.CurrentValue.HookUrlFor(bookingEvent.Type) is not { } url)
        {
            return;
        }
        var settings = business.CurrentValue;
        var payload = BookingWebhookPayload.Create(bookingEvent, settings.Zone, settings.LinkBaseUrl).ToJson();
        var delivery = await deliveries.ForEventAsync(bookingEvent, url, payload, cancellationToken);
        if (delivery.Status == WebhookDeliveryStatus.Delivered)
        {
            return;
        }
        var (_, result) = await deliveries.AttemptAsync(delivery.Id, cancellationToken);
        if (!result.Succeeded)
        {
            throw new WebhookDeliveryException($"Webhook {bookingEvent.Type} not delivered: {result.Error}");
        }
    }
}
