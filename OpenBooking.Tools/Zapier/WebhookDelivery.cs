using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace OpenBooking.Tools.Zapier;

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>
/// One event sent to one hook: a booking event (from the outbox) or a triggered zap. The body is kept so that retries
/// and resends post the same bytes with the same <see cref="EventId"/>.
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>What receivers de-duplicate on (<c>X-OpenBooking-Event-Id</c> and the body's <c>id</c>).</summary>
    public required string EventId { get; set; }

    /// <summary><c>booking.created</c> and the other booking event types, or <c>zap.triggered</c>.</summary>
    public required string EventType { get; set; }

    /// <summary>The outbox message of a booking event (null for a zap).</summary>
    public long? OutboxMessageId { get; set; }

    public Guid? BookingId { get; set; }

    /// <summary>The zap's name for a triggered zap (null for a booking event).</summary>
    public string? ZapName { get; set; }

    public required string Url { get; set; }
    public required string Payload { get; set; }
    public WebhookDeliveryStatus Status { get; set; } = WebhookDeliveryStatus.Pending;
    public int Attempts { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public Instant CreatedAt { get; set; }
    public Instant? LastAttemptAt { get; set; }
    public Instant? DeliveredAt { get; set; }
}

internal sealed class WebhookDeliveryEntityTypeConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.Property(d => d.EventId).HasMaxLength(64);
        builder.Property(d => d.EventType).HasMaxLength(64);
        builder.Property(d => d.ZapName).HasMaxLength(100);
        builder.Property(d => d.Url).HasMaxLength(2000);
        builder.Property(d => d.Payload).HasMaxLength(64_000);
        builder.Property(d => d.LastError).HasMaxLength(2000);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        // One delivery per outbox message: a retry or a second process finds the row instead of adding one.
        builder.HasIndex(d => d.OutboxMessageId).IsUnique();
        builder.HasIndex(d => d.CreatedAt);
        builder.HasIndex(d => d.EventId);
    }
}
