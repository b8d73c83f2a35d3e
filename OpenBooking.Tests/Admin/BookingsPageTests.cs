using Microsoft.Playwright;
using OpenBooking.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// The bookings calendar in a real browser on the dashboard's seeded week (Wednesday 10 June 2026 in Brussels):
/// finding a booking, moving it after an explicit confirmation, and accessibility at desktop and phone width.
/// </summary>
public sealed class BookingsPageTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Calendar_OpenABookingByKeyboardAndMoveIt_AsksFirstThenMovesAndAudits()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/bookings");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "8–14 June 2026" })).ToBeVisibleAsync();

        var booking = page.GetByRole(AriaRole.Button, new() { Name = "11:00 sofia.rossi@example.it" });
        await booking.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Thu 11 Jun 2026 11:00–11:30");
        await Expect(dialog).ToContainTextAsync("Consultation");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Reschedule" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Pick a time" })).ToBeDisabledAsync();
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "13:30" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = "13:30" })).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(dialog).ToContainTextAsync("Thu 11 Jun 2026 11:00–11:30");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Move to Thu 11 Jun 2026 13:30" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Status)).ToHaveTextAsync("Moved to Thu 11 Jun 2026 13:30–14:00.");
        // The clicked button is gone: the focus waits on the outcome, inside the dialog, so that Escape still closes it.
        await Expect(dialog.GetByRole(AriaRole.Status)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "13:30 sofia.rossi@example.it" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "11:00 sofia.rossi@example.it" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync(
            "Moved the booking of sofia.rossi@example.it from Thu 11 Jun 2026 11:00–11:30 to Thu 11 Jun 2026 13:30–14:00.");
    }

    [Fact]
    public async Task Calendar_NextWeekThenMonth_ShowsTheirBookings()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/bookings");

        await page.GetByRole(AriaRole.Button, new() { Name = "Next week" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "15–21 June 2026" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Mon 15 Jun" }).GetByRole(AriaRole.Button)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^13:00 noah@example.nl"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Month", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "June 2026", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "14:00 anna.peeters@example.com" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "13:00 noah@example.nl" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Calendar_OnAPhone_ListsTheWeekDayByDay()
    {
        await using var context = await fixture.NewPhoneContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/bookings");

        var wednesday = page.GetByRole(AriaRole.Region, new() { Name = "Wed 10 Jun" });
        await Expect(wednesday.GetByRole(AriaRole.Button)).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Tue 9 Jun" })).ToContainTextAsync("No bookings");
        var thursday = await page.GetByRole(AriaRole.Region, new() { Name = "Thu 11 Jun" }).BoundingBoxAsync();
        var wednesdayBox = await wednesday.BoundingBoxAsync();
        Assert.True(thursday!.Y > wednesdayBox!.Y + wednesdayBox.Height - 1, "Thursday is not under Wednesday.");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), "The page is wider than the phone.");
    }

    [Theory]
    [InlineData(false, ColorScheme.Light)]
    [InlineData(false, ColorScheme.Dark)]
    [InlineData(true, ColorScheme.Light)]
    [InlineData(true, ColorScheme.Dark)]
    public async Task BookingsPage_CalendarListAndDialog_HaveNoSeriousViolations(bool phone, ColorScheme scheme)
    {
        await using var context = phone ? await fixture.NewPhoneContextAsync() : await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });
        await DashboardFixture.SignInAsync(page, "/admin/bookings");
        var name = $"bookings-{(phone ? "phone" : "desktop")}-{scheme.ToString().ToLowerInvariant()}";

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "14:00 anna.peeters@example.com" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot($"{name}-week"), FullPage = true });
        await page.AssertNoSeriousViolationsAsync($"bookings calendar ({name})");

        await page.GetByRole(AriaRole.Button, new() { Name = "Month", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "June 2026", Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot($"{name}-month"), FullPage = true });
        await page.AssertNoSeriousViolationsAsync($"bookings month ({name})");

        await page.GetByRole(AriaRole.Tab, new() { Name = "List" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("marc@example.org");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot($"{name}-list"), FullPage = true });
        await page.AssertNoSeriousViolationsAsync($"bookings list ({name})");

        await page.GetByRole(AriaRole.Button, new() { Name = "Open the booking of marc@example.org on Wed 10 Jun 2026 16:00–16:30" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Reschedule" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Radiogroup, new() { Name = "Free start times" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot($"{name}-dialog") });
        await page.AssertNoSeriousViolationsAsync($"booking dialog ({name})");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways.");
    }
}
