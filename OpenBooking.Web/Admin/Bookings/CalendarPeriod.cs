using NodaTime;
using NodaTime.Text;

namespace OpenBooking.Web.Admin.Bookings;

public enum CalendarView
{
    Day,
    Week,
    Month,
}

/// <summary>
/// What the bookings calendar shows: a day, a week (Monday to Sunday) or a month (whole weeks from the Monday on or
/// before the 1st to the Sunday on or after the last day), around a focus date in the business time zone.
/// </summary>
public sealed record CalendarPeriod(CalendarView View, LocalDate Focus)
{
    private static readonly LocalDatePattern DayTitle = LocalDatePattern.CreateWithInvariantCulture("dddd d MMMM uuuu");
    private static readonly LocalDatePattern MonthTitle = LocalDatePattern.CreateWithInvariantCulture("MMMM uuuu");
    private static readonly LocalDatePattern DayMonthYear = LocalDatePattern.CreateWithInvariantCulture("d MMMM uuuu");
    private static readonly LocalDatePattern DayMonth = LocalDatePattern.CreateWithInvariantCulture("d MMMM");

    /// <summary>The first day on screen.</summary>
    public LocalDate First => View switch
    {
        CalendarView.Day => Focus,
        CalendarView.Week => Focus.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)),
        _ => Focus.With(DateAdjusters.StartOfMonth).With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)),
    };

    /// <summary>The last day on screen (inclusive).</summary>
    public LocalDate Last => View switch
    {
        CalendarView.Day => Focus,
        CalendarView.Week => Focus.With(DateAdjusters.NextOrSame(IsoDayOfWeek.Sunday)),
        _ => Focus.With(DateAdjusters.EndOfMonth).With(DateAdjusters.NextOrSame(IsoDayOfWeek.Sunday)),
    };

    public DateInterval Days => new(First, Last);

    /// <summary>One step back or forward in this view: a day, a week or a month.</summary>
    public Period Step => View switch
    {
        CalendarView.Day => Period.FromDays(1),
        CalendarView.Week => Period.FromWeeks(1),
        _ => Period.FromMonths(1),
    };

    public CalendarPeriod Previous() => this with { Focus = Focus - Step };

    public CalendarPeriod Next() => this with { Focus = Focus + Step };

    /// <summary>The heading: "Wednesday 10 June 2026", "8–14 June 2026", "29 June – 5 July 2026", "June 2026".</summary>
    public string Title => View switch
    {
        CalendarView.Day => DayTitle.Format(Focus),
        CalendarView.Week => WeekTitle(First, Last),
        _ => MonthTitle.Format(Focus),
    };

    /// <summary>What the previous and next buttons say: "Previous week", "Next month".</summary>
    public string StepName => View.ToString().ToLowerInvariant();

    /// <summary>Whether a day belongs to the month shown (the month view also shows the ends of its neighbours).</summary>
    public bool InFocusMonth(LocalDate date) => date.Year == Focus.Year && date.Month == Focus.Month;

    private static string WeekTitle(LocalDate first, LocalDate last)
    {
        if (first.Year != last.Year)
        {
            return $"{DayMonthYear.Format(first)} – {DayMonthYear.Format(last)}";
        }
        return first.Month == last.Month
            ? $"{first.Day}–{DayMonthYear.Format(last)}"
            : $"{DayMonth.Format(first)} – {DayMonthYear.Format(last)}";
    }
}
