using NodaTime;
using OpenBooking.Web.Agent;

namespace OpenBooking.Tests.Agent;

/// <summary>The built-in engine's typed memory: what older versions stored still loads, and a customer stays verified.</summary>
public sealed class BuiltInAgentStateTests
{
    [Fact]
    public void Load_MemoryStoredByThePreviousVersion_ReadsTypedTimesAndIntent()
    {
        const string stored = """
            {"stage":"AwaitingSlotChoice","pending":{"intent":"Reschedule","date":"2026-03-27","fromTime":"12:00","toTime":"17:00","durationMinutes":60},
             "email":"john@example.com","verifiedEmail":"john@example.com","verificationToken":"t","proposedStart":"2026-03-27T15:00",
             "offered":["2026-03-27T12:00","2026-03-27T12:30"],"offeredBookings":[],"bookingToMove":"b1","offeredServices":[]}
            """;

        var state = BuiltInAgentState.Load(stored);

        Assert.Equal(AgentStage.AwaitingSlotChoice, state.Stage);
        Assert.Equal(RequestKind.Reschedule, state.Pending!.Intent);
        Assert.Equal(new LocalDate(2026, 3, 27), state.Pending.Date);
        Assert.Equal((new LocalTime(12, 0), new LocalTime(17, 0)), (state.Pending.FromTime!.Value, state.Pending.ToTime!.Value));
        Assert.Equal(new LocalDateTime(2026, 3, 27, 15, 0), state.ProposedStart);
        Assert.Equal([new LocalDateTime(2026, 3, 27, 12, 0), new LocalDateTime(2026, 3, 27, 12, 30)], state.Offered);
        Assert.True(state.IsVerified);
    }

    [Fact]
    public void Save_ThenLoad_KeepsEveryTypedValue()
    {
        var state = new BuiltInAgentState
        {
            Stage = AgentStage.AwaitingBookingConfirmation,
            Pending = new PendingRequest { Intent = RequestKind.Book, Start = new LocalDateTime(2026, 3, 27, 15, 0), Confirmed = true },
            ProposedStart = new LocalDateTime(2026, 3, 27, 15, 0),
            ProposedDurationMinutes = 45,
        };

        var again = BuiltInAgentState.Load(state.Save());

        Assert.Equal(state.Pending, again.Pending);
        Assert.Equal((state.Stage, state.ProposedStart, state.ProposedDurationMinutes), (again.Stage, again.ProposedStart, again.ProposedDurationMinutes));
        Assert.Contains("\"proposedStart\":\"2026-03-27T15:00\"", state.Save());
    }

    [Fact]
    public void Load_UnreadableFlow_RestartsButKeepsTheVerifiedCustomer()
    {
        const string stored = """{"stage":"NoSuchStage","proposedStart":"tomorrow","verifiedEmail":"john@example.com","verificationToken":"t","email":"john@example.com"}""";

        var state = BuiltInAgentState.Load(stored);

        Assert.Equal(AgentStage.Idle, state.Stage);
        Assert.Null(state.ProposedStart);
        Assert.Equal(("john@example.com", "t"), (state.VerifiedEmail, state.VerificationToken));
        Assert.True(state.IsVerified);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("")]
    public void Load_NotAMemory_StartsAfresh(string stored) =>
        Assert.Equal(AgentStage.Idle, BuiltInAgentState.Load(stored).Stage);
}
