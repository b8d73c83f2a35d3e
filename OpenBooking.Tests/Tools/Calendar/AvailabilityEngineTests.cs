using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;

namespace OpenBooking.Tests.Tools.Calendar;

public sealed class AvailabilityEngineTests
{
    private static readonly DateTimeZone Brussels = DateTimeZoneProviders.Tzdb["Europe/Brussels"];
    private static readonly Guid ThisService = Guid.NewGuid();
    private static readonly Guid OtherService = Guid.NewGuid();

    /// <summary>A day's scenario with sensible defaults: one-hour slots every hour, nothing booked, no notice.</summary>
    private sealed record Scenario(LocalDate Day, string Hours)
    {
        public DateTimeZone Zone { get; init; } = Brussels;
        public int LengthMinutes { get; init; } = 60;
        public int StepMinutes { get; init; } = 60;
        public int BufferBefore { get; init; }
        public int BufferAfter { get; init; }
        public int Capacity { get; init; } = 1;
        public List<BookedBlock> Booked { get; init; } = [];
        public List<Interval> Busy { get; init; } = [];
        public List<DateInterval> Closures { get; init; } = [];
        public Instant Earliest { get; init; } = Instant.MinValue;
        public Instant Latest { get; init; } = Instant.MaxValue;

        public Instant At(int hour, int minute = 0) => Day.At(new LocalTime(hour, minute)).InZoneStrictly(Zone).ToInstant();

        public List<string> FreeStarts()
        {
            WeeklyOpeningHours.TryParseRanges(Hours, out var ranges, out _);
            var schedule = new BusinessSchedule(Zone, new WeeklyOpeningHours(new Dictionary<IsoDayOfWeek, OpeningRange[]> { [Day.DayOfWeek] = ranges }), Closures);
            var rules = new SlotRules(ThisService, Duration.FromMinutes(LengthMinutes), Duration.FromMinutes(BufferBefore),
                Duration.FromMinutes(BufferAfter), Period.FromMinutes(StepMinutes), Capacity);
            var slots = AvailabilityEngine.FreeSlots(schedule, new DateInterval(Day, Day), rules, Booked, Busy, Earliest, Latest);
            Assert.All(slots, s => Assert.Equal(Duration.FromMinutes(LengthMinutes), s.Duration));
            return [.. slots.Select(s => s.Start.InZone(Zone).LocalDateTime.ToString("HH:mm", null))];
        }
    }

    private static readonly LocalDate Friday = new(2026, 3, 27);

    [Fact]
    public void FreeSlots_OpenDay_ReturnsSlotsWithinOpeningHours()
    {
        Assert.Equal(["09:00", "10:00", "11:00"], new Scenario(Friday, "09:00-12:00").FreeStarts());
    }

    [Fact]
    public void FreeSlots_SplitDay_NeverSpansTheLunchBreak()
    {
        var scenario = new Scenario(Friday, "09:00-12:00, 13:00-15:00") { StepMinutes = 30 };

        Assert.Equal(["09:00", "09:30", "10:00", "10:30", "11:00", "13:00", "13:30", "14:00"], scenario.FreeStarts());
    }

    [Fact]
    public void FreeSlots_Booking_SkipsOverlappingSlotsButKeepsBackToBack()
    {
        var scenario = new Scenario(Friday, "09:00-12:00") { StepMinutes = 30 };
        scenario.Booked.Add(new BookedBlock(scenario.At(10), scenario.At(11), ThisService));

        Assert.Equal(["09:00", "11:00"], scenario.FreeStarts());
    }

    [Fact]
    public void FreeSlots_BuffersOnBothSides_KeepTheGapAroundEveryBooking()
    {
        // A booking 11:00-12:00 with 15 minutes after it blocks until 12:15; ours needs 15 minutes before too.
        var scenario = new Scenario(Friday, "09:00-15:00") { StepMinutes = 15, BufferBefore = 15, BufferAfter = 15 };
        scenario.Booked.Add(new BookedBlock(scenario.At(10, 45), scenario.At(12, 15), ThisService));

        var starts = scenario.FreeStarts();

        Assert.Contains("09:30", starts); // block 09:15-10:45 touches the other block only
        Assert.DoesNotContain("09:45", starts);
        Assert.DoesNotContain("12:15", starts);
        Assert.Contains("12:30", starts); // block 12:15-13:45
    }

    [Fact]
    public void FreeSlots_CapacityThree_OffersTheSlotUntilItIsFull()
    {
        var scenario = new Scenario(Friday, "09:00-11:00") { Capacity = 3 };
        scenario.Booked.Add(new BookedBlock(scenario.At(9), scenario.At(10), ThisService));
        scenario.Booked.Add(new BookedBlock(scenario.At(9), scenario.At(10), ThisService));
        scenario.Booked.Add(new BookedBlock(scenario.At(10), scenario.At(11), ThisService));
        scenario.Booked.Add(new BookedBlock(scenario.At(10), scenario.At(11), ThisService));
        scenario.Booked.Add(new BookedBlock(scenario.At(10), scenario.At(11), ThisService));

        Assert.Equal(["09:00"], scenario.FreeStarts());
    }

    [Fact]
    public void FreeSlots_SharedServiceButOtherServiceBooked_IsBlockedWhateverTheCapacity()
    {
        var scenario = new Scenario(Friday, "09:00-11:00") { Capacity = 5 };
        scenario.Booked.Add(new BookedBlock(scenario.At(9), scenario.At(10), OtherService));

        Assert.Equal(["10:00"], scenario.FreeStarts());
    }

    [Fact]
    public void FreeSlots_CalendarBusyTime_IsNotOffered()
    {
        var scenario = new Scenario(Friday, "09:00-12:00");
        scenario.Busy.Add(new Interval(scenario.At(9, 30), scenario.At(10, 15)));

        Assert.Equal(["11:00"], scenario.FreeStarts());
    }

    [Fact]
    public void FreeSlots_ClosedDay_ReturnsEmpty()
    {
        var scenario = new Scenario(Friday, "09:00-17:00");
        scenario.Closures.Add(new DateInterval(Friday.PlusDays(-2), Friday));

        Assert.Empty(scenario.FreeStarts());
    }

    [Fact]
    public void FreeSlots_EarliestAndLatest_TrimTheDay()
    {
        var scenario = new Scenario(Friday, "09:00-17:00");
        scenario = scenario with { Earliest = scenario.At(10, 15), Latest = scenario.At(13) };

        Assert.Equal(["11:00", "12:00", "13:00"], scenario.FreeStarts());
    }

    [Fact]
    public void FreeSlots_SpringForwardNight_NeverOffersNonexistentLocalTime()
    {
        // Sunday 29 March 2026: Brussels clocks jump from 02:00 to 03:00.
        var scenario = new Scenario(new LocalDate(2026, 3, 29), "01:00-05:00") { LengthMinutes = 30, StepMinutes = 30 };

        Assert.Equal(["01:00", "01:30", "03:00", "03:30", "04:00", "04:30"], scenario.FreeStarts());
    }

    [Fact]
    public void FreeSlots_FallBackNight_SlotsAreRealHours()
    {
        // Sunday 25 October 2026: Brussels clocks go back from 03:00 to 02:00; the day has 25 hours.
        var scenario = new Scenario(new LocalDate(2026, 10, 25), "01:00-04:00");

        Assert.Equal(["01:00", "02:00", "03:00"], scenario.FreeStarts());
    }

    [Fact]
    public void FreeSlots_UsZoneOnDstDay_OpeningHoursFollowLocalClock()
    {
        var newYork = DateTimeZoneProviders.Tzdb["America/New_York"];
        var scenario = new Scenario(new LocalDate(2026, 3, 8), "01:00-04:00") { Zone = newYork };

        // 2026-03-08 02:00 does not exist in New York; the 01:00 slot ends at 03:00 local (one real hour).
        Assert.Equal(["01:00", "03:00"], scenario.FreeStarts());
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
