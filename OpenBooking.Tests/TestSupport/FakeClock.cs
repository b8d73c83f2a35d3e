using NodaTime;

namespace OpenBooking.Tests.TestSupport;

/// <summary>A clock that stands still until a test moves it.</summary>
public sealed class FakeClock(Instant now) : IClock
{
    public Instant Now { get; set; } = now;

    public Instant GetCurrentInstant() => Now;

    public void Advance(Duration by) => Now += by;

    /// <summary>A clock at a local time in a zone, e.g. At("2026-03-27T10:00", "Europe/Brussels").</summary>
    public static FakeClock At(string local, string zone = "Europe/Brussels") =>
        new(NodaTime.Text.LocalDateTimePattern.GeneralIso.Parse(local.Length == 16 ? local + ":00" : local).GetValueOrThrow()
            .InZoneStrictly(DateTimeZoneProviders.Tzdb[zone]).ToInstant());
}
