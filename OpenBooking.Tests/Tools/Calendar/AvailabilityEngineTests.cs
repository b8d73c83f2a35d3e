using NodaTime;
using OpenBooking.Tools.Calendar;

namespace OpenBooking.Tests.Tools.Calendar;

public sealed class AvailabilityEngineTests
{
    private static readonly DateTimeZone Brussels = DateTimeZoneProviders.Tzdb["Europe/Brussels"];

    private static WeeklyOpeningHours Hours(string ranges, params IsoDayOfWeek[] days)
    {
        WeeklyOpeningHours.TryParseRanges(ranges, out var parsed, out _);
        return new WeeklyOpeningHours(days.ToDictionary(d => d, _ => parsed));
    }

    private static List<string> LocalStarts(IEnumerable<Interval> slots, DateTimeZone zone) =>
        [.. slots.Select(s => s.Start.InZone(zone).LocalDateTime.ToString("yyyy-MM-dd HH:mm", null))];

    [Fact]
    public void FreeSlots_OpenDay_ReturnsHourlySlotsWithinOpeningHours()
    {
        // Arrange: Friday 27 March 2026, 09:00-12:00, one-hour slots every hour
        var day = new LocalDate(2026, 3, 27);

        // Act
        var slots = AvailabilityEngine.FreeSlots(Hours("09:00-12:00", IsoDayOfWeek.Friday), Brussels,
            new DateInterval(day, day), Duration.FromHours(1), Period.FromHours(1), [], Instant.MinValue);

        // Assert
        Assert.Equal(["2026-03-27 09:00", "2026-03-27 10:00", "2026-03-27 11:00"], LocalStarts(slots, Brussels));
    }

    [Fact]
    public void FreeSlots_BusyInterval_SkipsOverlappingSlotsButKeepsBackToBack()
    {
        var day = new LocalDate(2026, 3, 27);
        var busy = new Interval(
            day.At(new LocalTime(10, 0)).InZoneStrictly(Brussels).ToInstant(),
            day.At(new LocalTime(11, 0)).InZoneStrictly(Brussels).ToInstant());

        var slots = AvailabilityEngine.FreeSlots(Hours("09:00-12:00", IsoDayOfWeek.Friday), Brussels,
            new DateInterval(day, day), Duration.FromHours(1), Period.FromMinutes(30), [busy], Instant.MinValue);

        // 09:30 would end at 10:30 inside the busy hour, 10:30 would start inside it; 09:00 and 11:00 touch it only.
        Assert.Equal(["2026-03-27 09:00", "2026-03-27 11:00"], LocalStarts(slots, Brussels));
    }

    [Fact]
    public void FreeSlots_ClosedDay_ReturnsEmpty()
    {
        var saturday = new LocalDate(2026, 3, 28);

        var slots = AvailabilityEngine.FreeSlots(Hours("09:00-17:00", IsoDayOfWeek.Friday), Brussels,
            new DateInterval(saturday, saturday), Duration.FromHours(1), Period.FromHours(1), [], Instant.MinValue);

        Assert.Empty(slots);
    }

    [Fact]
    public void FreeSlots_SpringForwardNight_NeverOffersNonexistentLocalTime()
    {
        // Sunday 29 March 2026: Brussels clocks jump from 02:00 to 03:00.
        var day = new LocalDate(2026, 3, 29);

        var slots = AvailabilityEngine.FreeSlots(Hours("01:00-05:00", IsoDayOfWeek.Sunday), Brussels,
            new DateInterval(day, day), Duration.FromMinutes(30), Period.FromMinutes(30), [], Instant.MinValue);

        var starts = LocalStarts(slots, Brussels);
        Assert.DoesNotContain("2026-03-29 02:00", starts);
        Assert.DoesNotContain("2026-03-29 02:30", starts);
        Assert.Equal(["2026-03-29 01:00", "2026-03-29 01:30", "2026-03-29 03:00", "2026-03-29 03:30", "2026-03-29 04:00", "2026-03-29 04:30"], starts);
        // Each slot is exactly 30 real minutes long.
        Assert.All(slots, s => Assert.Equal(Duration.FromMinutes(30), s.Duration));
    }

    [Fact]
    public void FreeSlots_FallBackNight_SlotsAreRealDurations()
    {
        // Sunday 25 October 2026: Brussels clocks go back from 03:00 to 02:00, the day has 25 hours.
        var day = new LocalDate(2026, 10, 25);

        var slots = AvailabilityEngine.FreeSlots(Hours("01:00-04:00", IsoDayOfWeek.Sunday), Brussels,
            new DateInterval(day, day), Duration.FromHours(1), Period.FromHours(1), [], Instant.MinValue);

        Assert.All(slots, s => Assert.Equal(Duration.FromHours(1), s.Duration));
        Assert.Equal(["2026-10-25 01:00", "2026-10-25 02:00", "2026-10-25 03:00"], LocalStarts(slots, Brussels));
    }

    [Fact]
    public void FreeSlots_UsZoneOnDstDay_OpeningHoursFollowLocalClock()
    {
        var newYork = DateTimeZoneProviders.Tzdb["America/New_York"];
        var day = new LocalDate(2026, 3, 9); // Monday after the US change on 8 March

        var slots = AvailabilityEngine.FreeSlots(Hours("09:00-11:00", IsoDayOfWeek.Monday), newYork,
            new DateInterval(day, day), Duration.FromHours(1), Period.FromHours(1), [], Instant.MinValue);

        Assert.Equal(["2026-03-09 09:00", "2026-03-09 10:00"], LocalStarts(slots, newYork));
        Assert.Equal(Offset.FromHours(-4), slots[0].Start.InZone(newYork).Offset);
    }

    [Fact]
    public void FreeSlots_NotBefore_DropsThePast()
    {
        var day = new LocalDate(2026, 3, 27);
        var now = day.At(new LocalTime(10, 15)).InZoneStrictly(Brussels).ToInstant();

        var slots = AvailabilityEngine.FreeSlots(Hours("09:00-12:00", IsoDayOfWeek.Friday), Brussels,
            new DateInterval(day, day), Duration.FromHours(1), Period.FromMinutes(30), [], now);

        Assert.Equal(["2026-03-27 10:30", "2026-03-27 11:00"], LocalStarts(slots, Brussels));
    }

    [Theory]
    [InlineData("09:00-12:00, 13:00-17:00", true)]
    [InlineData("", true)]
    [InlineData("9-5", false)]
    [InlineData("12:00-09:00", false)]
    [InlineData("09:00-12:00, 11:00-13:00", false)]
    public void TryParseRanges_Text_ValidatesRanges(string text, bool valid)
    {
        Assert.Equal(valid, WeeklyOpeningHours.TryParseRanges(text, out _, out var error));
        Assert.Equal(valid, error is null);
    }
}
