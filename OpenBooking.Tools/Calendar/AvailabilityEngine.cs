using NodaTime;
using NodaTime.TimeZones;

namespace OpenBooking.Tools.Calendar;

/// <summary>
/// Computes free slots: opening hours in the business zone, minus busy intervals, minus the past.
/// Pure and allocation-light so it can run on every chat message; all arithmetic is on the instant time line,
/// so a daylight-saving day has 23 or 25 hours and a local time that does not exist is never offered.
/// </summary>
public static class AvailabilityEngine
{
    /// <param name="busy">Busy intervals in any order; overlaps are allowed.</param>
    public static List<Interval> FreeSlots(
        WeeklyOpeningHours hours,
        DateTimeZone zone,
        DateInterval days,
        Duration length,
        Period step,
        IReadOnlyList<Interval> busy,
        Instant notBefore,
        int max = int.MaxValue)
    {
        var slots = new List<Interval>();
        var merged = Merge(busy);
        var busyIndex = 0;
        foreach (var day in days)
        {
            foreach (var range in hours.For(day.DayOfWeek))
            {
                var rangeEnd = ResolveEnd(zone, day + range.To);
                for (var local = day + range.From; local.Date == day && local.TimeOfDay < range.To; local += step)
                {
                    if (!TryResolveStart(zone, local, out var start))
                    {
                        continue;
                    }
                    var end = start + length;
                    if (end > rangeEnd)
                    {
                        break;
                    }
                    if (start < notBefore)
                    {
                        continue;
                    }
                    // Starts only grow, so a busy interval that ended before this start never matters again.
                    while (busyIndex < merged.Count && merged[busyIndex].End <= start)
                    {
                        busyIndex++;
                    }
                    if (busyIndex >= merged.Count || merged[busyIndex].Start >= end)
                    {
                        slots.Add(new Interval(start, end));
                        if (slots.Count >= max)
                        {
                            return slots;
                        }
                    }
                }
            }
        }
        return slots;
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

    /// <summary>Sorts and unions busy intervals so that one forward pointer can walk them.</summary>
    private static List<Interval> Merge(IReadOnlyList<Interval> busy)
    {
        var sorted = busy.OrderBy(b => b.Start).ToList();
        var merged = new List<Interval>(sorted.Count);
        foreach (var interval in sorted)
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
