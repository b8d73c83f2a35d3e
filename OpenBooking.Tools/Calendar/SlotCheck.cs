using NodaTime;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tools.Calendar;

public enum SlotProblem
{
    None,
    Taken,
    OutsideOpeningHours,
    Closed,
    InThePast,
    TooSoon,
    TooFarAhead,
    DoesNotExist,
}

public sealed record SlotCheck(LocalDateTime RequestedStart, Interval? Slot, SlotProblem Problem, IReadOnlyList<Interval> Alternatives)
{
    public bool IsFree => Problem == SlotProblem.None;
}

/// <summary>
/// A booking could not be made or changed; <see cref="Exception.Message"/> is safe to show a customer and
/// <see cref="ErrorCode"/> (one of <see cref="ToolErrorCodes"/>) is what callers branch on.
/// </summary>
public sealed class BookingException(string errorCode, string message, SlotProblem problem = SlotProblem.None, IReadOnlyList<Interval>? alternatives = null)
    : Exception(message)
{
    public BookingException(SlotProblem problem, IReadOnlyList<Interval> alternatives)
        : this(BookingService.ErrorCodeFor(problem), BookingService.Explain(problem), problem, alternatives)
    {
    }

    public string ErrorCode { get; } = errorCode;
    public SlotProblem Problem { get; } = problem;
    public IReadOnlyList<Interval> Alternatives { get; } = alternatives ?? [];
}
