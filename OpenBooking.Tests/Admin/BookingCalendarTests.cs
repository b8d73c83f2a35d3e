using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Web.Admin;
using OpenBooking.Web.Admin.Bookings;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// The bookings calendar in Amsterdam, whose clocks jump from 02:00 to 03:00 on Sunday 29 March 2026. The clock
/// stands on Wednesday 25 March 2026, 10:00 there.
/// </summary>
public sealed class BookingCalendarTests : BunitContext, IAsyncLifetime
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
    private static readonly LocalDate Wednesday = new(2026, 3, 25);

    public Task InitializeAsync()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<IClock>(TestClock.At("2026-03-25T10:00", "Europe/Amsterdam"));
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    /// <summary>A booking as the dashboard lists it: stored as an instant, shown in the business time zone.</summary>
    private static BookingRow Booked(string email, Instant start, int minutes = 60, string service = "Haircut") => new(
        Guid.NewGuid(), email, service,
        start.InZone(Amsterdam).LocalDateTime, (start + Duration.FromMinutes(minutes)).InZone(Amsterdam).LocalDateTime,
        BookingStatus.Confirmed, start - Duration.FromDays(3), null);

    private IRenderedComponent<BookingCalendar> RenderCalendar(CalendarPeriod period, IReadOnlyList<BookingRow>? bookings = null,
        Action<CalendarPeriod>? periodChanged = null, Action<BookingRow>? open = null) => Render<BookingCalendar>(p => p
        .Add(c => c.Period, period)
        .Add(c => c.Bookings, bookings ?? [])
        .Add(c => c.Zone, Amsterdam)
        .Add(c => c.PeriodChanged, periodChanged ?? (_ => { }))
        .Add(c => c.OnOpen, open ?? (_ => { })));

    private static string Text(IElement element) => string.Join(" ", element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static IElement Day(IRenderedComponent<BookingCalendar> cut, string heading) =>
        cut.FindAll("section.day, section.month-day").Single(d => Text(d.QuerySelector("h3")!) == heading);

    private static string StartLine(IElement styled) =>
        styled.GetAttribute("style")!.Split("grid-row:")[1].Split('/')[0].Trim();

    [Fact]
    public void Render_WeekWithTheSpringDstJump_ShowsEachBookingOnItsLocalDayAndHour()
    {
        var saturday = Booked("sat@example.com", Instant.FromUtc(2026, 3, 28, 8, 30));  // 09:30 winter time (UTC+1)
        var sunday = Booked("sun@example.com", Instant.FromUtc(2026, 3, 29, 7, 30));    // 09:30 summer time (UTC+2)
        var early = Booked("early@example.com", Instant.FromUtc(2026, 3, 29, 1, 0));    // 03:00, the first hour after the jump

        var cut = RenderCalendar(new CalendarPeriod(CalendarView.Week, Wednesday), [saturday, sunday, early]);

        Assert.Equal("23–29 March 2026", cut.Find("h2").TextContent);
        Assert.Equal(["Mon 23 Mar", "Tue 24 Mar", "Wed 25 Mar", "Thu 26 Mar", "Fri 27 Mar", "Sat 28 Mar", "Sun 29 Mar"],
            cut.FindAll("section.day h3").Select(Text));
        var hourLabels = cut.FindAll(".hour-labels li").ToDictionary(li => li.TextContent, StartLine);
        Assert.Equal("03:00", cut.Find(".hour-labels li").TextContent);

        var onSaturday = Day(cut, "Sat 28 Mar").QuerySelectorAll("button.booking").Single();
        Assert.Equal("09:30 sat@example.com Haircut", Text(onSaturday));
        var onSunday = Day(cut, "Sun 29 Mar").QuerySelectorAll("button.booking").Select(b => (Name: Text(b), Line: StartLine(b.ParentElement!))).ToList();
        Assert.Equal(["03:00 early@example.com Haircut", "09:30 sun@example.com Haircut"], onSunday.Select(b => b.Name));

        // 09:30 sits two 15-minute rows below the 09:00 line on both sides of the jump; 03:00 on the 03:00 line.
        var nine = int.Parse(hourLabels["09:00"]);
        Assert.Equal((nine + 2).ToString(), StartLine(onSaturday.ParentElement!));
        Assert.Equal((nine + 2).ToString(), onSunday[1].Line);
        Assert.Equal(hourLabels["03:00"], onSunday[0].Line);
    }

    [Fact]
    public void Render_Today_IsMarkedInTheBusinessTimeZone()
    {
        var cut = RenderCalendar(new CalendarPeriod(CalendarView.Week, Wednesday));

        var today = cut.Find("[aria-current=date]");
        Assert.Equal("Wed 25 Mar", Text(today));
        Assert.Equal(7, cut.FindAll("p.none").Count);
        Assert.Equal("No bookings in this week.", cut.Find("[role=status]").TextContent);
    }

    [Theory]
    [InlineData("2026-03-15", "Mon 23 Feb", "Sun 5 Apr", 42)]
    [InlineData("2026-06-20", "Mon 1 Jun", "Sun 5 Jul", 35)]
    [InlineData("2026-02-01", "Mon 26 Jan", "Sun 1 Mar", 35)]
    public void Render_MonthView_RunsInWholeWeeksFromMonday(string focus, string first, string last, int days)
    {
        var date = NodaTime.Text.LocalDatePattern.Iso.Parse(focus).Value;

        var cut = RenderCalendar(new CalendarPeriod(CalendarView.Month, date));

        var headings = cut.FindAll("section.month-day h3").Select(Text).ToList();
        Assert.Equal(days, headings.Count);
        Assert.Equal(first, headings[0]);
        Assert.Equal(last, headings[^1]);
        Assert.Equal("Mon", cut.Find(".weekday").TextContent);
    }

    [Fact]
    public void Click_NextTodayMonthAndADay_MovesThePeriodAndReportsIt()
    {
        var reported = new List<CalendarPeriod>();
        var cut = RenderCalendar(new CalendarPeriod(CalendarView.Week, Wednesday), periodChanged: reported.Add);

        cut.Find("button[aria-label='Next week']").Click();
        Assert.Equal("30 March – 5 April 2026", cut.Find("h2").TextContent);
        Assert.Equal(new DateInterval(new(2026, 3, 30), new(2026, 4, 5)), reported[^1].Days);

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Month").Click();
        Assert.Equal("April 2026", cut.Find("h2").TextContent);
        Assert.Equal("true", cut.FindAll("button").Single(b => b.TextContent.Trim() == "Month").GetAttribute("aria-pressed"));

        Day(cut, "Thu 16 Apr").QuerySelector("button.day-link")!.Click();
        Assert.Equal("Thursday 16 April 2026", cut.Find("h2").TextContent);
        Assert.Equal(new CalendarPeriod(CalendarView.Day, new(2026, 4, 16)), reported[^1]);

        cut.Find("button[aria-label='Previous day']").Click();
        Assert.Equal("Wednesday 15 April 2026", cut.Find("h2").TextContent);

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Today").Click();
        Assert.Equal("Wednesday 25 March 2026", cut.Find("h2").TextContent);
        Assert.Equal(5, reported.Count);
    }

    [Fact]
    public void Click_Booking_OpensThatBooking()
    {
        var booking = Booked("anna@example.com", Instant.FromUtc(2026, 3, 26, 13, 0), 30);
        BookingRow? opened = null;
        var cut = RenderCalendar(new CalendarPeriod(CalendarView.Day, new(2026, 3, 26)), [booking], open: b => opened = b);

        cut.Find("button.booking").Click();

        Assert.Same(booking, opened);
        Assert.Equal("Thu 26 Mar 2026 14:00–14:30 · anna@example.com · Haircut", cut.Find("button.booking").GetAttribute("title"));
    }

    [Theory]
    [InlineData("2026-12-30", "28 December 2026 – 3 January 2027")]
    [InlineData("2026-07-01", "29 June – 5 July 2026")]
    [InlineData("2026-06-10", "8–14 June 2026")]
    public void Title_Week_NamesItsMondayAndSunday(string focus, string title)
    {
        var period = new CalendarPeriod(CalendarView.Week, NodaTime.Text.LocalDatePattern.Iso.Parse(focus).Value);

        Assert.Equal(title, period.Title);
        Assert.Equal(IsoDayOfWeek.Monday, period.First.DayOfWeek);
        Assert.Equal(6, Period.DaysBetween(period.First, period.Last));
    }
}
