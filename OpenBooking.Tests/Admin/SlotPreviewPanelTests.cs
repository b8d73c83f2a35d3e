using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Web.Admin;
using OpenBooking.Web.Admin.Business;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// The slot preview runs the real availability engine over the form's unsaved values, the closures and the
/// existing bookings. The clock stands on Friday 27 March 2026, 10:00 in Brussels.
/// </summary>
public sealed class SlotPreviewPanelTests : BunitContext, IAsyncLifetime
{
    private ToolsTestHost host = null!;
    private readonly BusinessDraft business = BusinessDraft.From(new BusinessOptions());
    private readonly ServiceDraft service = new() { Name = "Haircut", DurationMinutes = 60, SlotIntervalMinutes = 60, MinimumNoticeMinutes = 60 };

    public async Task InitializeAsync()
    {
        host = await ToolsTestHost.StartAsync();
        Services.AddSingleton(host.Get<IDbContextFactory<OpenBookingDbContext>>());
        Services.AddSingleton(host.Get<ICalendarProvider>());
        Services.AddSingleton<IClock>(host.Clock);
        Services.AddSingleton<SlotPreview>();
    }

    Task IAsyncLifetime.DisposeAsync() => host.DisposeAsync().AsTask();

    private IRenderedComponent<SlotPreviewPanel> RenderPreview(int version = 0) => Render<SlotPreviewPanel>(p => p
        .Add(c => c.Business, business)
        .Add(c => c.Service, service)
        .Add(c => c.Version, version));

    private static string Starts(IRenderedComponent<SlotPreviewPanel> cut, string day) =>
        string.Join(" ", cut.FindAll($"ul[aria-label='Free starts on {day}'] li").Select(li => li.TextContent));

    private static string Day(IRenderedComponent<SlotPreviewPanel> cut, string day) =>
        cut.FindAll(".preview-day").Single(d => d.QuerySelector(".preview-date")!.TextContent == day).TextContent;

    [Fact]
    public void Render_LunchBreak_NoSlotsInTheBreak()
    {
        business.Hours[IsoDayOfWeek.Monday].Clear();
        business.Hours[IsoDayOfWeek.Monday].AddRange([new() { From = "09:00", To = "12:00" }, new() { From = "13:00", To = "17:00" }]);

        var cut = RenderPreview();

        cut.WaitForAssertion(() => Assert.Equal("09:00 10:00 11:00 13:00 14:00 15:00 16:00", Starts(cut, "Mon 30 Mar 2026")));
        Assert.Equal(7, cut.FindAll(".preview-day").Count);
        Assert.Equal("11:00 12:00 13:00 14:00 15:00 16:00", Starts(cut, "Fri 27 Mar 2026"));
        Assert.Contains("Closed (no opening hours)", Day(cut, "Sat 28 Mar 2026"));
    }

    [Fact]
    public async Task Render_ClosureAndBooking_TakeTheirTime()
    {
        await host.WithDbAsync(async db =>
        {
            db.Closures.Add(new Closure { From = new LocalDate(2026, 3, 31), To = new LocalDate(2026, 3, 31), Reason = "Team day" });
            return await db.SaveChangesAsync();
        });
        await host.Get<BookingService>().CreateAsync("ann@example.com", new LocalDateTime(2026, 3, 30, 10, 0));

        var cut = RenderPreview();

        cut.WaitForAssertion(() => Assert.Contains("Closed: Team day", Day(cut, "Tue 31 Mar 2026")));
        Assert.Equal("09:00 11:00 12:00 13:00 14:00 15:00 16:00", Starts(cut, "Mon 30 Mar 2026"));
    }

    [Fact]
    public async Task Render_ServiceRules_LengthIntervalAndBufferShapeTheSlots()
    {
        await host.Get<BookingService>().CreateAsync("ann@example.com", new LocalDateTime(2026, 3, 30, 12, 0));
        service.SlotIntervalMinutes = 30;
        service.DurationMinutes = 90;
        service.BufferAfterMinutes = 30;

        var cut = RenderPreview();

        // 10:30 would end at 12:00 and its 30-minute buffer would run into the 12:00 booking.
        cut.WaitForAssertion(() => Assert.Equal("09:00 09:30 10:00 13:00 13:30 14:00 14:30 15:00 15:30", Starts(cut, "Mon 30 Mar 2026")));
    }

    [Fact]
    public void Render_InvalidDraft_AsksToFixTheFields()
    {
        service.DurationMinutes = 0;

        var cut = RenderPreview();

        Assert.Contains("Fix the fields marked in red", cut.Find("[role=status]").TextContent);
        Assert.Empty(cut.FindAll(".preview-day"));
    }

    [Fact]
    public void Version_Raised_RecalculatesWithTheEditedDraft()
    {
        var cut = RenderPreview();
        cut.WaitForAssertion(() => Assert.Equal("09:00 10:00 11:00 12:00 13:00 14:00 15:00 16:00", Starts(cut, "Mon 30 Mar 2026")));

        business.Hours[IsoDayOfWeek.Monday][0].To = "11:00";
        cut.Render(p => p.Add(c => c.Version, 1));

        cut.WaitForAssertion(() => Assert.Equal("09:00 10:00", Starts(cut, "Mon 30 Mar 2026")));
    }
}
