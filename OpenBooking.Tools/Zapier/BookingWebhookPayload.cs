using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NodaTime;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Events;

namespace OpenBooking.Tools.Zapier;

public sealed record WebhookCustomer(string Email);

public sealed record WebhookBooking(
    string Id, string Status, string? Service, WebhookCustomer Customer, string Start, string End, string TimeZone, string? ManageUrl);

/// <summary>The JSON body of a booking event (times as ISO 8601 with offset, plus the IANA zone, like the tools).</summary>
public sealed record BookingWebhookPayload(string Id, string Type, string OccurredAt, WebhookBooking Booking)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static BookingWebhookPayload Create(BookingEvent bookingEvent, DateTimeZone fallbackZone, string? publicBaseUrl)
    {
        var booking = bookingEvent.Booking;
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(booking.TimeZone) ?? fallbackZone;
        var manageUrl = string.IsNullOrWhiteSpace(publicBaseUrl)
            ? null
            : $"{publicBaseUrl.TrimEnd('/')}/booking/{Uri.EscapeDataString(booking.ManageToken)}";
        return new BookingWebhookPayload(
            EventIdFor(bookingEvent),
            bookingEvent.Type,
            WireFormat.Format(bookingEvent.OccurredAt, zone),
            new WebhookBooking(
                booking.Id.ToString(),
                booking.Status.ToString().ToLowerInvariant(),
                booking.Service?.Name,
                new WebhookCustomer(booking.Email),
                WireFormat.Format(booking.Start, zone),
                WireFormat.Format(booking.End, zone),
                zone.Id,
                manageUrl));
    }

    /// <summary>
    /// A GUID derived from the outbox message (its id and its booking's random id), so every retry, every process
    /// and every restart sends the same event id, and two databases never do.
    /// </summary>
    public static string EventIdFor(BookingEvent bookingEvent)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"openbooking/outbox/{bookingEvent.Booking.Id:N}/{bookingEvent.MessageId}"));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8 (name-based, custom hash)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true).ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
