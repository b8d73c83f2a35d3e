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

public enum BookingStatus
{
    Confirmed,
    Cancelled,
}

/// <summary>An appointment. Start and end are instants; <see cref="TimeZone"/> is the zone it was booked in.</summary>
public sealed class Booking
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public required string Email { get; set; }
    public Instant Start { get; set; }
    public Instant End { get; set; }
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

public enum MessageAuthor
{
    Agent,
    Customer,
}

/// <summary>A chat between one browser and the agent. <see cref="AgentState"/> is the agent's memory (JSON).</summary>
public sealed class Conversation
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Instant CreatedAt { get; set; }
    public Instant UpdatedAt { get; set; }
    public string AgentState { get; set; } = "{}";
    public List<ConversationMessage> Messages { get; set; } = [];
}

public sealed class ConversationMessage
{
    public long Id { get; set; }
    public Guid ConversationId { get; set; }
    public MessageAuthor Author { get; set; }
    public required string Text { get; set; }
    public Instant CreatedAt { get; set; }
}
