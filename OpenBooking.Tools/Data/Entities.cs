using NodaTime;

namespace OpenBooking.Tools.Data;

/// <summary>A person who verified an email address with a one-time code.</summary>
public sealed class Customer
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Normalised (trimmed, lower case) email address.</summary>
    public required string Email { get; set; }

    public Instant CreatedAt { get; set; }
}

/// <summary>A one-time code sent to an email address. Only a salted hash of the code is stored.</summary>
public sealed class OtpChallenge
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Email { get; set; }
    public required string CodeHash { get; set; }
    public required string Salt { get; set; }
    public Instant CreatedAt { get; set; }
    public Instant ExpiresAt { get; set; }
    public int FailedAttempts { get; set; }
    public Instant? ConsumedAt { get; set; }
}

/// <summary>What happened to one request for, or check of, a one-time code.</summary>
public enum OtpAuditOutcome
{
    /// <summary>A code was issued and the email provider accepted it.</summary>
    Sent,

    /// <summary>A code was issued but the provider did not take the email; the code was withdrawn.</summary>
    DeliveryFailed,

    /// <summary>Refused: a code went to this email less than the resend cooldown ago.</summary>
    Cooldown,

    /// <summary>Refused: this email had its hourly number of codes.</summary>
    EmailLimit,

    /// <summary>Refused: this client address had its hourly number of codes.</summary>
    AddressLimit,

    Verified,
    WrongCode,
    Expired,

    /// <summary>A check of a code that already had its wrong attempts.</summary>
    AttemptsExhausted,

    /// <summary>A check for an email with no code waiting.</summary>
    NoCode,
}

/// <summary>
/// The audit trail of one-time codes: every request (sent, failed, refused by a limit) and every check. The rate
/// limits count these rows. The email is the normalised address; the client address is the caller's IP (IPv6 by
/// its /64), <c>stdio</c>, or <c>unknown</c>.
/// </summary>
public sealed class OtpAuditEntry
{
    public long Id { get; set; }
    public required string Email { get; set; }
    public required string ClientAddress { get; set; }
    public OtpAuditOutcome Outcome { get; set; }
    public Instant At { get; set; }
}

public enum BookingStatus
{
    Confirmed,
    Cancelled,
}

/// <summary>What a customer can book: its length, buffers, notice rules and how many may overlap.</summary>
public sealed class Service
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public string? Description { get; set; }
    public int DurationMinutes { get; set; } = 60;

    /// <summary>Time kept free before and after each booking (preparation, cleaning, travel).</summary>
    public int BufferBeforeMinutes { get; set; }
    public int BufferAfterMinutes { get; set; }

    /// <summary>A booking must start at least this long after the moment it is made.</summary>
    public int MinimumNoticeMinutes { get; set; } = 60;

    /// <summary>How far ahead customers may book.</summary>
    public int HorizonDays { get; set; } = 90;

    /// <summary>Free slots start every this many minutes from the opening time.</summary>
    public int SlotIntervalMinutes { get; set; } = 30;

    /// <summary>Cancelling or moving a booking needs at least this much notice before its start.</summary>
    public int ChangeNoticeMinutes { get; set; } = 120;

    /// <summary>How many bookings of this service may overlap (1 = one at a time; 8 = a class of eight).</summary>
    public int Capacity { get; set; } = 1;

    /// <summary>What the service costs, in <c>Business:Currency</c>; null when the business does not publish a price.</summary>
    public decimal? Price { get; set; }

    public bool IsActive { get; set; } = true;
    public int SortOrder { get; set; }
}

/// <summary>Days the business is closed (holidays, leave), inclusive, in the business time zone.</summary>
public sealed class Closure
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public LocalDate From { get; set; }
    public LocalDate To { get; set; }
    public string? Reason { get; set; }
}

/// <summary>A setting edited in the dashboard; wins over the configuration files (key like <c>Business:Name</c>).</summary>
public sealed class AppSetting
{
    public required string Key { get; set; }
    public string? Value { get; set; }
    public Instant UpdatedAt { get; set; }
}

/// <summary>
/// Something that happened to a booking, written in the same transaction as the change (transactional
/// outbox) and delivered afterwards, at least once, to whoever needs it (emails, webhooks).
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public required string Type { get; set; }
    public Guid BookingId { get; set; }
    public int Sequence { get; set; }
    public Instant OccurredAt { get; set; }

    /// <summary>For a move: where the booking was before (so the email can say "from ... to ...").</summary>
    public Instant? PreviousStart { get; set; }
    public Instant? PreviousEnd { get; set; }

    public Instant? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public Instant NextAttemptAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>An appointment. Start and end are instants; <see cref="TimeZone"/> is the zone it was booked in.</summary>
public sealed class Booking
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public Guid ServiceId { get; set; }
    public Service? Service { get; set; }
    public required string Email { get; set; }
    public Instant Start { get; set; }
    public Instant End { get; set; }

    /// <summary>Start minus the service's buffer before: the time this booking keeps others out from.</summary>
    public Instant BlockStart { get; set; }

    /// <summary>End plus the service's buffer after.</summary>
    public Instant BlockEnd { get; set; }

    /// <summary>The service's capacity when booked; the database refuses more overlapping bookings than this.</summary>
    public int Capacity { get; set; } = 1;

    /// <summary>When the reminder email went out; set before sending so that it never goes twice.</summary>
    public Instant? ReminderSentAt { get; set; }
    public required string TimeZone { get; set; }
    public BookingStatus Status { get; set; } = BookingStatus.Confirmed;

    /// <summary>Secret token in the customer's manage link <c>/booking/{token}</c>.</summary>
    public required string ManageToken { get; set; }

    /// <summary>iCalendar SEQUENCE: raised on every change of the same booking.</summary>
    public int Sequence { get; set; }

    public string? Notes { get; set; }
    public Instant CreatedAt { get; set; }
    public Instant? CancelledAt { get; set; }
}
