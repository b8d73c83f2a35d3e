using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Events;
using OpenBooking.Tools.Notifications;

namespace OpenBooking.Tools.Zapier;

/// <summary>A delivery as the dashboard shows it; <see cref="Url"/> keeps only the host (a hook's path is its secret).</summary>
public sealed record WebhookDeliveryInfo(
    Guid Id,
    string EventId,
    string EventType,
    string? ZapName,
    Guid? BookingId,
    string Url,
    WebhookDeliveryStatus Status,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    Instant CreatedAt,
    Instant? LastAttemptAt,
    Instant? DeliveredAt,
    string Payload);

/// <summary>
/// Every webhook and zap delivery: the dashboard lists them with their status and resends one; the webhook handler
/// and the zap tools record their attempts here.
/// </summary>
public sealed class WebhookDeliveries(IDbContextFactory<OpenBookingDbContext> dbFactory, WebhookSender sender, IClock clock)
{
    /// <summary>The newest deliveries first.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryInfo>> ListAsync(int take = 100, WebhookDeliveryStatus? status = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.WebhookDeliveries.AsNoTracking();
        if (status is { } only)
        {
            query = query.Where(d => d.Status == only);
        }
        var rows = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Take(Math.Clamp(take, 1, 1000)).ToListAsync(cancellationToken);
        return [.. rows.Select(ToInfo)];
    }

    public async Task<WebhookDeliveryInfo?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        return row is null ? null : ToInfo(row);
    }

    /// <summary>
    /// Posts a delivery again, with the same event id and body, whatever its status (an admin's "resend"); returns it
    /// as it stands afterwards. A receiver's failure is recorded on the delivery, not thrown.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No delivery has this id.</exception>
    public async Task<WebhookDeliveryInfo> ResendAsync(Guid deliveryId, CancellationToken cancellationToken = default)
    {
        var (delivery, _) = await AttemptAsync(deliveryId, cancellationToken);
        return ToInfo(delivery);
    }

    /// <summary>The delivery of one outbox message, created (Pending) on its first attempt.</summary>
    internal async Task<WebhookDelivery> ForEventAsync(BookingEvent bookingEvent, string url, string payload, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.OutboxMessageId == bookingEvent.MessageId, cancellationToken);
        if (existing is not null)
        {
            if (existing.Status != WebhookDeliveryStatus.Delivered && existing.Url != url)
            {
                // The admin fixed the hook URL after a failure: retries go to the new one.
                existing.Url = url;
                await db.SaveChangesAsync(cancellationToken);
            }
            return existing;
        }
        var delivery = new WebhookDelivery
        {
            EventId = BookingWebhookPayload.EventIdFor(bookingEvent),
            EventType = bookingEvent.Type,
            OutboxMessageId = bookingEvent.MessageId,
            BookingId = bookingEvent.Booking.Id,
            Url = url,
            Payload = payload,
            CreatedAt = clock.GetCurrentInstant(),
        };
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        return delivery;
    }

    /// <summary>Records a new delivery (a triggered zap) before its first attempt.</summary>
    internal async Task<WebhookDelivery> AddAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        delivery.CreatedAt = clock.GetCurrentInstant();
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        return delivery;
    }

    /// <summary>Posts a recorded delivery once and records the outcome.</summary>
    internal async Task<(WebhookDelivery Delivery, WebhookPostResult Result)> AttemptAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken)
            ?? throw new KeyNotFoundException($"No webhook delivery {deliveryId}.");
        var result = await sender.PostAsync(delivery.Url, delivery.EventId, delivery.EventType, delivery.Payload, cancellationToken);
        var now = clock.GetCurrentInstant();
        delivery.Attempts++;
        delivery.LastAttemptAt = now;
        delivery.LastStatusCode = result.StatusCode;
        if (result.Succeeded)
        {
            delivery.Status = WebhookDeliveryStatus.Delivered;
            delivery.DeliveredAt = now;
            delivery.LastError = null;
        }
        else
        {
            // A resend that fails does not undo an earlier delivery.
            delivery.Status = delivery.DeliveredAt is null ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Delivered;
            delivery.LastError = result.Error is { Length: > 2000 } error ? error[..2000] : result.Error;
        }
        // The POST happened: record it even when the caller is stopping.
        await db.SaveChangesAsync(CancellationToken.None);
        return (delivery, result);
    }

    private static WebhookDeliveryInfo ToInfo(WebhookDelivery d) => new(
        d.Id, d.EventId, d.EventType, d.ZapName, d.BookingId, OutboxDispatcher.Redact(d.Url), d.Status, d.Attempts,
        d.LastStatusCode, d.LastError, d.CreatedAt, d.LastAttemptAt, d.DeliveredAt, d.Payload);
}
