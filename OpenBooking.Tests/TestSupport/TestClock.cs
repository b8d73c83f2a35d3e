using NodaTime;
using NodaTime.Testing;
using NodaTime.Text;

namespace OpenBooking.Tests.TestSupport;

/// <summary>Fake clocks set by what a person reads on a wall clock, because tests speak in the business's local time.</summary>
public static class TestClock
{
    /// <summary>A clock standing at a local time in a zone, e.g. At("2026-03-27T10:00", "Europe/Brussels").</summary>
    public static FakeClock At(string local, string zone = "Europe/Brussels") =>
        new(LocalDateTimePattern.GeneralIso.Parse(local.Length == 16 ? local + ":00" : local).GetValueOrThrow()
            .InZoneStrictly(DateTimeZoneProviders.Tzdb[zone]).ToInstant());
}
