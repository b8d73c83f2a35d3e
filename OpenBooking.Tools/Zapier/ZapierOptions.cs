using System.ComponentModel.DataAnnotations;
using OpenBooking.Tools.Events;

namespace OpenBooking.Tools.Zapier;

/// <summary>
/// Zapier: Catch Hook URLs per booking event, named zaps the agent may trigger, and the secret that signs every
/// request. Bound to the <c>Zapier</c> section; the dashboard stores its edits as settings (they win over files).
/// </summary>
/// <remarks>
/// Each request carries <c>X-OpenBooking-Event-Id</c> (stable across retries and resends: receivers de-duplicate on
/// it), <c>X-OpenBooking-Event-Type</c> and, when <see cref="SigningSecret"/> is set,
/// <c>X-OpenBooking-Signature: sha256=&lt;lower-case hex HMAC-SHA256 of the raw request body, keyed with the UTF-8
/// secret&gt;</c>. The body holds the event id and its time, so the signature also covers them.
/// </remarks>
public sealed class ZapierOptions : IValidatableObject
{
    public const string Section = "Zapier";

    /// <summary>Key of the HMAC signature header; no signature header when empty (Zapier itself does not check one).</summary>
    public string? SigningSecret { get; set; }

    public ZapierWebhooks Webhooks { get; set; } = new();

    /// <summary>Named automations the agent and MCP clients can run with <c>trigger_zap</c>.</summary>
    public List<ZapDefinition> Zaps { get; set; } = [];

    /// <summary>One POST may take this long before it counts as failed (and is retried).</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>The hook URL for a booking event type, or null when that event is not sent anywhere.</summary>
    public string? HookUrlFor(string eventType) =>
        Webhooks.UrlFor(eventType) is { } url && !string.IsNullOrWhiteSpace(url) ? url.Trim() : null;

    public ZapDefinition? FindZap(string name) =>
        Zaps.FirstOrDefault(z => string.Equals(z.Name?.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (eventType, key) in ZapierWebhooks.Keys)
        {
            var url = Webhooks.UrlFor(eventType);
            if (!string.IsNullOrWhiteSpace(url) && !IsHttpUrl(url))
            {
                yield return new ValidationResult(
                    $"Zapier:Webhooks:{key} must be an absolute http or https URL (a Zapier Catch Hook URL).", [nameof(Webhooks)]);
            }
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Zaps.Count; i++)
        {
            var zap = Zaps[i];
            if (string.IsNullOrWhiteSpace(zap.Name))
            {
                yield return new ValidationResult($"Zapier:Zaps:{i}:Name is required.", [nameof(Zaps)]);
            }
            else if (!names.Add(zap.Name.Trim()))
            {
                yield return new ValidationResult($"Zapier:Zaps:{i}:Name '{zap.Name}' is used by another zap; zap names must be unique.", [nameof(Zaps)]);
            }
            if (string.IsNullOrWhiteSpace(zap.HookUrl) || !IsHttpUrl(zap.HookUrl))
            {
                yield return new ValidationResult($"Zapier:Zaps:{i}:HookUrl must be an absolute http or https URL.", [nameof(Zaps)]);
            }
        }
    }

    internal static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

/// <summary>Catch Hook URLs, one per booking event; an empty one sends nothing for that event.</summary>
public sealed class ZapierWebhooks
{
    /// <summary>Each booking event type with the key of its hook URL under <c>Zapier:Webhooks</c>.</summary>
    public static IReadOnlyList<(string EventType, string Key)> Keys { get; } =
    [
        (BookingEventTypes.Created, nameof(BookingCreated)),
        (BookingEventTypes.Rescheduled, nameof(BookingRescheduled)),
        (BookingEventTypes.Cancelled, nameof(BookingCancelled)),
        (BookingEventTypes.ReminderDue, nameof(ReminderDue)),
    ];

    public string? BookingCreated { get; set; }
    public string? BookingRescheduled { get; set; }
    public string? BookingCancelled { get; set; }
    public string? ReminderDue { get; set; }

    /// <summary>The hook URL as configured for a booking event type; null for an event without a hook.</summary>
    public string? UrlFor(string eventType) => eventType switch
    {
        BookingEventTypes.Created => BookingCreated,
        BookingEventTypes.Rescheduled => BookingRescheduled,
        BookingEventTypes.Cancelled => BookingCancelled,
        BookingEventTypes.ReminderDue => ReminderDue,
        _ => null,
    };
}

/// <summary>A named automation: the description tells the agent when to use it.</summary>
public sealed class ZapDefinition
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string HookUrl { get; set; } = "";
}
