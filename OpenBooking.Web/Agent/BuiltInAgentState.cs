using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using OpenBooking.Web.Agent.BuiltIn;

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
    /// <summary>A booking was asked for without a day or time (or with one that could not be read): waiting for when.</summary>
    AwaitingTime,
}

/// <summary>What a request the customer is still waiting on is for. The names are the ones stored since the first version.</summary>
public enum RequestKind
{
    Book,
    Check,
    List,
    Cancel,
    Reschedule,
}

/// <summary>What the customer asked for and is still waiting on (kept while we verify their email or ask which service).</summary>
public sealed record PendingRequest
{
    public required RequestKind Intent { get; init; }
    public LocalDateTime? Start { get; init; }
    public LocalDate? Date { get; init; }
    public LocalDate? FromDate { get; init; }
    public LocalDate? ToDate { get; init; }
    public LocalTime? FromTime { get; init; }
    public LocalTime? ToTime { get; init; }
    public int? DurationMinutes { get; init; }

    /// <summary>The customer already said yes to <see cref="Start"/>: book it as soon as they are verified, without asking again.</summary>
    public bool Confirmed { get; init; }

    [JsonIgnore]
    public bool HasTimes => Start is not null || Date is not null || FromDate is not null || FromTime is not null;

    /// <summary>The same request with the days and times of <paramref name="other"/>.</summary>
    public PendingRequest WithTimesOf(PendingRequest other) => this with
    {
        Start = other.Start,
        Date = other.Date,
        FromDate = other.FromDate,
        ToDate = other.ToDate,
        FromTime = other.FromTime,
        ToTime = other.ToTime,
    };
}

/// <summary>
/// The built-in agent's memory of one conversation, stored as JSON in the conversation row. Days and times are NodaTime
/// values written as ISO text (<c>2026-03-27T15:00</c>, <c>2026-03-27</c>, <c>15:00</c>: the shape stored since the
/// first version, so older conversations load as they are).
/// </summary>
public sealed class BuiltInAgentState
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(), new LocalDateTimeJsonConverter(), new LocalDateJsonConverter(), new LocalTimeJsonConverter() },
    };

    public AgentStage Stage { get; set; }
    public PendingRequest? Pending { get; set; }

    /// <summary>The email a code was last sent to.</summary>
    public string? Email { get; set; }

    /// <summary>
    /// Until when the code last sent to <see cref="Email"/> can be typed (business local time). A request needing a
    /// verified email before then asks for that code instead of an email and a second code.
    /// </summary>
    public LocalDateTime? CodeValidUntil { get; set; }
    public string? VerifiedEmail { get; set; }
    public string? VerificationToken { get; set; }

    /// <summary>The slot proposed for confirmation (local start in the business zone).</summary>
    public LocalDateTime? ProposedStart { get; set; }
    public int? ProposedDurationMinutes { get; set; }

    /// <summary>Slots offered in a numbered list (local starts), for "the second one".</summary>
    public List<LocalDateTime> Offered { get; set; } = [];

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
            // A flow this version cannot read starts afresh, but the customer stays verified: nobody types a code twice.
            return Identity(json);
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

    /// <summary>Only who the customer is (and the service they chose) from a memory whose flow is unreadable.</summary>
    private static BuiltInAgentState Identity(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string? Text(string name) =>
                root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
            return new BuiltInAgentState
            {
                Email = Text("email"),
                VerifiedEmail = Text("verifiedEmail"),
                VerificationToken = Text("verificationToken"),
                ServiceId = Text("serviceId"),
                ServiceName = Text("serviceName"),
            };
        }
        catch (JsonException)
        {
            return new BuiltInAgentState();
        }
    }
}
