using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;

namespace OpenBooking.Web.Admin;

/// <summary>One day of the preview: the free starts, or why there are none.</summary>
public sealed record PreviewDay(LocalDate Date, IReadOnlyList<LocalTime> Starts, string? Note);

/// <summary>
/// The free slots that unsaved settings would offer: the same availability engine customers get, run over the
/// form's hours, zone and service rules, today's closures, existing bookings and the calendar's busy time.
/// </summary>
public sealed class SlotPreview(IDbContextFactory<OpenBookingDbContext> dbFactory, ICalendarProvider calendar, IClock clock)
{
    public async Task<IReadOnlyList<PreviewDay>> ForAsync(BusinessDraft business, ServiceDraft serviceDraft, int days = 7, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var closureRows = await db.Closures.AsNoTracking().ToListAsync(cancellationToken);
        var schedule = business.ToSchedule([.. closureRows.Select(c => new DateInterval(c.From, c.To))]);
        var zone = schedule.Zone;
        var now = clock.GetCurrentInstant();
        var today = now.InZone(zone).Date;
        var range = new DateInterval(today, today.PlusDays(days - 1));
        var service = serviceDraft.ToService();
        var rules = ServiceCatalog.RulesFor(service);

        var window = new Interval(
            zone.AtStartOfDay(range.Start).ToInstant() - Duration.FromDays(1),
            zone.AtStartOfDay(range.End.PlusDays(1)).ToInstant() + Duration.FromDays(1));
        var booked = await db.Bookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Confirmed && b.BlockStart < window.End && b.BlockEnd > window.Start)
            .OrderBy(b => b.BlockStart)
            .Select(b => new BookedBlock(b.BlockStart, b.BlockEnd, b.ServiceId))
            .ToListAsync(cancellationToken);
        var busy = await calendar.GetBusyAsync(window, cancellationToken);

        var slots = AvailabilityEngine.FreeSlots(schedule, range, rules, booked, busy,
            now + Duration.FromMinutes(service.MinimumNoticeMinutes), now + Duration.FromDays(service.HorizonDays));
        var byDay = slots.GroupBy(s => s.Start.InZone(zone).Date).ToDictionary(g => g.Key, g => g.Select(s => s.Start.InZone(zone).TimeOfDay).ToList());

        var preview = new List<PreviewDay>();
        foreach (var date in range)
        {
            if (byDay.TryGetValue(date, out var starts))
            {
                preview.Add(new PreviewDay(date, starts, null));
                continue;
            }
            var closure = closureRows.FirstOrDefault(c => c.From <= date && date <= c.To);
            var note = closure is not null ? (closure.Reason is { } reason ? $"Closed: {reason}" : "Closed")
                : schedule.Hours.For(date.DayOfWeek).Count == 0 ? "Closed (no opening hours)"
                : "No free slots (booked, too soon or beyond the horizon)";
            preview.Add(new PreviewDay(date, [], note));
        }
        return preview;
    }
}
