using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Diagnostics;

namespace OpenBooking.Web.Admin;

/// <summary>One tool on one day (in the business time zone): calls, errors and latency percentiles in milliseconds.</summary>
public sealed record ToolDayUsage(LocalDate Day, string Tool, string Server, int Calls, int Errors, double P50Milliseconds, double P95Milliseconds);

/// <summary>A failed call, for troubleshooting: when, which tool and its stable error code.</summary>
public sealed record ToolCallError(Instant At, string Tool, string Server, string ErrorCode, double DurationMilliseconds);

public sealed record UsageSummary(LocalDate From, LocalDate To, int Calls, int Errors, IReadOnlyList<ToolDayUsage> Days, IReadOnlyList<ToolCallError> RecentErrors);

/// <summary>
/// The Usage page's numbers, from the rows <see cref="ToolCallTelemetry"/> records. Counts are grouped in SQL per
/// local day; percentiles are computed here over one day's durations (SQLite has no percentile function).
/// </summary>
public sealed class UsageReport(IDbContextFactory<OpenBookingDbContext> dbFactory, AdminBookings bookings)
{
    /// <summary>The longest range the page reads at once (one query per day).</summary>
    public const int MaxDays = 92;

    public const int RecentErrorCount = 20;

    public DateTimeZone Zone => bookings.Zone;

    public LocalDate Today => bookings.Today;

    public async Task<UsageSummary> LoadAsync(LocalDate from, LocalDate to, CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            (from, to) = (to, from);
        }
        if (Period.DaysBetween(from, to) >= MaxDays)
        {
            from = to.PlusDays(-(MaxDays - 1));
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var days = new List<ToolDayUsage>();
        for (var day = to; day >= from; day = day.PlusDays(-1))
        {
            var start = day.AtStartOfDayInZone(Zone).ToInstant();
            var end = day.PlusDays(1).AtStartOfDayInZone(Zone).ToInstant();
            var calls = db.ToolCalls.AsNoTracking().Where(c => c.At >= start && c.At < end);
            var counts = await calls
                .GroupBy(c => new { c.Tool, c.Server })
                .Select(g => new { g.Key.Tool, g.Key.Server, Calls = g.Count(), Errors = g.Count(c => c.Outcome == ToolCallOutcome.Error) })
                .ToListAsync(cancellationToken);
            if (counts.Count == 0)
            {
                continue;
            }
            var durations = (await calls.Select(c => new { c.Tool, c.DurationMilliseconds }).ToListAsync(cancellationToken))
                .GroupBy(c => c.Tool)
                .ToDictionary(g => g.Key, g => g.Select(c => c.DurationMilliseconds).Order().ToArray());
            days.AddRange(counts
                .OrderByDescending(c => c.Calls).ThenBy(c => c.Tool, StringComparer.Ordinal)
                .Select(c => new ToolDayUsage(day, c.Tool, c.Server, c.Calls, c.Errors, Percentile(durations[c.Tool], 50), Percentile(durations[c.Tool], 95))));
        }

        var rangeStart = from.AtStartOfDayInZone(Zone).ToInstant();
        var rangeEnd = to.PlusDays(1).AtStartOfDayInZone(Zone).ToInstant();
        var recentErrors = await db.ToolCalls.AsNoTracking()
            .Where(c => c.Outcome == ToolCallOutcome.Error && c.At >= rangeStart && c.At < rangeEnd)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Take(RecentErrorCount)
            .Select(c => new ToolCallError(c.At, c.Tool, c.Server, c.ErrorCode ?? ToolCallTelemetry.UnspecifiedErrorCode, c.DurationMilliseconds))
            .ToListAsync(cancellationToken);
        return new UsageSummary(from, to, days.Sum(d => d.Calls), days.Sum(d => d.Errors), days, recentErrors);
    }

    /// <summary>Nearest-rank percentile of sorted values: the smallest value with at least <paramref name="percent"/>% of values at or below it.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, int percent)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>"0.8 ms", "42 ms", "1.25 s".</summary>
    public static string Milliseconds(double milliseconds) => milliseconds switch
    {
        < 10 => $"{milliseconds:0.0} ms",
        < 1000 => $"{milliseconds:0} ms",
        _ => $"{milliseconds / 1000:0.00} s",
    };
}
