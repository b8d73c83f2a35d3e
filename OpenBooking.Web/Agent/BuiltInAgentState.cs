using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenBooking.Web.Agent;

public enum AgentStage
{
    Idle,
    AwaitingService,
    AwaitingEmail,
    AwaitingCode,
    AwaitingResendConsent,
    AwaitingBookingConfirmation,
    AwaitingSlotChoice,
    AwaitingCancelChoice,
    AwaitingCancelConfirmation,
    AwaitingMoveChoice,
    AwaitingMoveTime,
    AwaitingMoveConfirmation,
}

/// <summary>What the customer asked for and is still waiting on (kept while we verify their email or ask which service).</summary>
public sealed record PendingRequest
{
    /// <summary>Book, Check, List, Cancel or Reschedule (the parser's intent names).</summary>
    public required string Intent { get; init; }
    public string? Start { get; init; }
    public string? Date { get; init; }
    public string? FromDate { get; init; }
    public string? ToDate { get; init; }
    public string? FromTime { get; init; }
    public string? ToTime { get; init; }
    public int? DurationMinutes { get; init; }
}

/// <summary>The built-in agent's memory of one conversation, stored as JSON in the conversation row.</summary>
public sealed class BuiltInAgentState
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public AgentStage Stage { get; set; }
    public PendingRequest? Pending { get; set; }

    /// <summary>The email a code was last sent to.</summary>
    public string? Email { get; set; }
    public string? VerifiedEmail { get; set; }
    public string? VerificationToken { get; set; }

    /// <summary>The slot proposed for confirmation (ISO local start).</summary>
    public string? ProposedStart { get; set; }
    public int? ProposedDurationMinutes { get; set; }

    /// <summary>Slots offered in a numbered list (ISO local starts), for "the second one".</summary>
    public List<string> Offered { get; set; } = [];

    /// <summary>Bookings offered in a numbered list (ids), and the one about to be cancelled.</summary>
    public List<string> OfferedBookings { get; set; } = [];
    public string? BookingToCancel { get; set; }

    /// <summary>The booking being moved (id); while set, a chosen slot moves it instead of booking anew.</summary>
    public string? BookingToMove { get; set; }

    /// <summary>
    /// The service the customer chose (id and name from <c>list_services</c>), only set when there is more than one.
    /// It stays chosen for the rest of the conversation until the customer names another.
    /// </summary>
    public string? ServiceId { get; set; }
    public string? ServiceName { get; set; }

    /// <summary>Services offered in a numbered list (ids), for "2" or "the second one".</summary>
    public List<string> OfferedServices { get; set; } = [];

    /// <summary>The service of the booking being moved (its name): its free times are the ones to offer.</summary>
    public string? MoveService { get; set; }

    public bool IsVerified => VerifiedEmail is not null && VerificationToken is not null;

    public static BuiltInAgentState Load(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json == "{}")
        {
            return new BuiltInAgentState();
        }
        try
        {
            return JsonSerializer.Deserialize<BuiltInAgentState>(json, Json) ?? new BuiltInAgentState();
        }
        catch (JsonException)
        {
            // An unreadable memory (e.g. from an older version) starts afresh rather than breaking the chat.
            return new BuiltInAgentState();
        }
    }

    public string Save() => JsonSerializer.Serialize(this, Json);

    public void ResetFlow()
    {
        Stage = AgentStage.Idle;
        Pending = null;
        ProposedStart = null;
        ProposedDurationMinutes = null;
        Offered = [];
        OfferedBookings = [];
        BookingToCancel = null;
        BookingToMove = null;
        MoveService = null;
        OfferedServices = [];
    }
}
