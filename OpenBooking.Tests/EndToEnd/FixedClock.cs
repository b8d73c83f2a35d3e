using NodaTime;

namespace OpenBooking.Tests.EndToEnd;

/// <summary>A clock that always says the same instant, so "tomorrow" in a test is always the same weekday.</summary>
public sealed class FixedClock(Instant now) : IClock
{
    public Instant GetCurrentInstant() => now;
}
