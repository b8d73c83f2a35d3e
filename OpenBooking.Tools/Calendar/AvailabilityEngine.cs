using NodaTime;
using NodaTime.TimeZones;
using OpenBooking.Tools.Business;

namespace OpenBooking.Tools.Calendar;

/// <summary>How one service books: the slot length, buffers, step between starts and capacity.</summary>
public sealed record SlotRules(Guid ServiceId, Duration Length, Duration BufferBefore, Duration BufferAfter, Period Step, int Capacity)
{
    /// <summary>The time a booking at <paramref name="start"/> keeps others out of (buffers included).</summary>
    public Interval BlockFor(Instant start) => new(start - BufferBefore, start + Length + BufferAfter);
}

/// <summary>An existing confirmed booking as availability sees it: its buffered block and its service.</summary>
public readonly record struct BookedBlock(Instant Start, Instant End, Guid ServiceId);

/// <summary>The business's week, closures and zone.</summary>
public sealed record BusinessSchedule(DateTimeZone Zone, WeeklyOpeningHours Hours, IReadOnlyList<DateInterval> Closures)
{
    public bool IsClosed(LocalDate date) => Closures.Any(c => c.Contains(date));
}

/// <summary>
/// Computes free slots: opening hours in the business zone, minus closures, minus existing bookings (with
/// their buffers, per service capacity), minus busy time from the calendar provider, minus what is too soon or
/// too far ahead. Pure and allocation-light; all arithmetic is on the instant time line, so a daylight-saving day
/// has 23 or 25 hours and a local time that does not exist is never offered.
/// </summary>
public static class AvailabilityEngine
{
    /// <summary>The free slots, earliest first.</summary>
    /// <param name="bookings">Confirmed bookings' blocks, in any order.</param>
    /// <param name="externalBusy">Busy time from the calendar provider, in any order; overlaps allowed.</param>
    /// <param name="earliest">No slot starts before this (now plus the minimum notice).</param>
    /// <param name="latest">No slot starts after this (the booking horizon).</param>
    public static List<Interval> FreeSlots(
        BusinessSchedule schedule,
        DateInterval days,
        SlotRules rules,
        IReadOnlyList<BookedBlock> bookings,
        IReadOnlyList<Interval> externalBusy,
        Instant earliest,
        Instant latest,
        int max = int.MaxValue)
    {
        // Only what can meet a block in these days matters (a day either side covers buffers and zone offsets).
        var window = new Interval(
            schedule.Zone.AtStartOfDay(days.Start).ToInstant() - Duration.FromDays(1),
            schedule.Zone.AtStartOfDay(days.End.PlusDays(1)).ToInstant() + Duration.FromDays(1));
        var occupancy = new Occupancy(rules, bookings, externalBusy, window);
        var slots = new List<Interval>();
        var step = rules.Step.ToDuration();
        foreach (var day in days)
        {
            if (schedule.IsClosed(day))
            {
                continue;
            }
            foreach (var range in schedule.Hours.For(day.DayOfWeek))
            {
                var rangeEnd = ResolveEnd(schedule.Zone, day + range.To);
                foreach (var start in Starts(schedule.Zone, day, range, rules.Step, step, rangeEnd))
                {
                    if (start + rules.Length > rangeEnd || start > latest)
                    {
                        break;
                    }
                    if (start < earliest || !occupancy.IsFree(rules.BlockFor(start)))
                    {
                        continue;
                    }
                    slots.Add(new Interval(start, start + rules.Length));
                    if (slots.Count >= max)
                    {
                        return slots;
                    }
                }
            }
        }
        return slots;
    }

    /// <summary>
    /// Candidate starts in one opening range, on the local clock: every <paramref name="localStep"/> from the
    /// opening time. Without a clock change inside the range that is plain instant arithmetic (the common, fast
    /// case); across a change, local times are mapped one by one and a skipped local time is left out.
    /// </summary>
    private static IEnumerable<Instant> Starts(DateTimeZone zone, LocalDate day, OpeningRange range, Period localStep, Duration step, Instant rangeEnd)
    {
        if (TryResolveStart(zone, day + range.From, out var open) && zone.GetZoneInterval(open) is var offsetSpan
            && (!offsetSpan.HasEnd || offsetSpan.End >= rangeEnd) && offsetSpan.Contains(open))
        {
            for (var start = open; start < rangeEnd; start += step)
            {
                yield return start;
            }
            yield break;
        }
        for (var local = day + range.From; local.Date == day && local.TimeOfDay < range.To; local += localStep)
        {
            if (TryResolveStart(zone, local, out var start))
            {
                yield return start;
            }
        }
    }

    /// <summary>Whether [start, end) lies inside one opening range of its local day.</summary>
    public static bool IsWithinOpeningHours(WeeklyOpeningHours hours, DateTimeZone zone, Instant start, Instant end)
    {
        var localStart = start.InZone(zone).LocalDateTime;
        foreach (var range in hours.For(localStart.DayOfWeek))
        {
            if (localStart.TimeOfDay >= range.From
                && TryResolveStart(zone, localStart.Date + range.From, out var open)
                && start >= open
                && end <= ResolveEnd(zone, localStart.Date + range.To))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether a booking with this block may be added (the same rule the database trigger enforces).</summary>
    public static bool IsFree(SlotRules rules, Interval block, IReadOnlyList<BookedBlock> bookings, IReadOnlyList<Interval> externalBusy) =>
        new Occupancy(rules, bookings, externalBusy, block).IsFree(block);

    /// <summary>Maps a local start to an instant; false when the local time is skipped by a daylight-saving change.</summary>
    public static bool TryResolveStart(DateTimeZone zone, LocalDateTime local, out Instant start)
    {
        var mapping = zone.MapLocal(local);
        if (mapping.Count == 0)
        {
            start = default;
            return false;
        }
        start = mapping.First().ToInstant();
        return true;
    }

    private static Instant ResolveEnd(DateTimeZone zone, LocalDateTime local) =>
        zone.ResolveLocal(local, Resolvers.LenientResolver).ToInstant();

    /// <summary>
    /// What is taken, arranged for fast questions in increasing time order. Blocks that always conflict
    /// (calendar busy time, other services' bookings, and every booking when capacity is 1) are merged into one
    /// sorted list walked by a forward pointer; same-service bookings of a shared service are counted.
    /// </summary>
    private sealed class Occupancy
    {
        private readonly List<Interval> _hard;
        private readonly List<BookedBlock> _shared;
        private readonly Duration _longestShared;
        private readonly int _capacity;
        private int _hardIndex;

        /// <param name="window">Only bookings and busy time meeting this interval are kept.</param>
        public Occupancy(SlotRules rules, IReadOnlyList<BookedBlock> bookings, IReadOnlyList<Interval> externalBusy, Interval window)
        {
            _capacity = Math.Max(1, rules.Capacity);
            var hard = new List<Interval>();
            foreach (var busy in externalBusy)
            {
                if (busy.Start < window.End && busy.End > window.Start)
                {
                    hard.Add(busy);
                }
            }
            _shared = [];
            foreach (var booking in bookings)
            {
                if (booking.Start >= window.End || booking.End <= window.Start)
                {
                    continue;
                }
                if (_capacity > 1 && booking.ServiceId == rules.ServiceId)
                {
                    _shared.Add(booking);
                }
                else
                {
                    hard.Add(new Interval(booking.Start, booking.End));
                }
            }
            _hard = Merge(hard);
            if (!IsSorted(_shared))
            {
                _shared.Sort((a, b) => a.Start.CompareTo(b.Start));
            }
            _longestShared = _shared.Count == 0 ? Duration.Zero : _shared.Max(b => b.End - b.Start);
        }

        /// <summary>Questions must come in increasing order of <paramref name="block"/> start.</summary>
        public bool IsFree(Interval block)
        {
            while (_hardIndex < _hard.Count && _hard[_hardIndex].End <= block.Start)
            {
                _hardIndex++;
            }
            if (_hardIndex < _hard.Count && _hard[_hardIndex].Start < block.End)
            {
                return false;
            }
            return _shared.Count == 0 || CountShared(block) < _capacity;
        }

        private static bool IsSorted(List<Interval> list)
        {
            for (var i = 1; i < list.Count; i++)
            {
                if (list[i].Start < list[i - 1].Start)
                {
                    return false;
                }
            }
            return true;
        }

        private static bool IsSorted(List<BookedBlock> list)
        {
            for (var i = 1; i < list.Count; i++)
            {
                if (list[i].Start < list[i - 1].Start)
                {
                    return false;
                }
            }
            return true;
        }

        private int CountShared(Interval block)
        {
            // Bookings starting before the block ends, and not so early that they must have ended already.
            var end = LowerBound(block.End);
            var count = 0;
            for (var i = end - 1; i >= 0 && _shared[i].Start > block.Start - _longestShared - Duration.Epsilon; i--)
            {
                if (_shared[i].End > block.Start)
                {
                    count++;
                }
            }
            return count;
        }

        private int LowerBound(Instant start)
        {
            int lo = 0, hi = _shared.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (_shared[mid].Start < start)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
            return lo;
        }

        private static List<Interval> Merge(List<Interval> busy)
        {
            if (!IsSorted(busy))
            {
                busy.Sort((a, b) => a.Start.CompareTo(b.Start));
            }
            var merged = new List<Interval>(busy.Count);
            foreach (var interval in busy)
            {
                if (merged.Count > 0 && interval.Start <= merged[^1].End)
                {
                    if (interval.End > merged[^1].End)
                    {
                        merged[^1] = new Interval(merged[^1].Start, interval.End);
                    }
                }
                else
                {
                    merged.Add(interval);
                }
            }
            return merged;
        }
    }
}
