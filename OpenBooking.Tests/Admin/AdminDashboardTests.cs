using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// Every dashboard page in a real browser, signed in, with seeded bookings and conversations. Screenshots of each
/// page (desktop 1280x800 and phone 390x844) land in OpenBooking.Tests/TestResults/screenshots/admin-*.png.
/// </summary>
public sealed class AdminDashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Pages_OnADesktop_ShowTheirContent()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Today · Wednesday 10 June" })).ToContainTextAsync("anna.peeters@example.com");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Calendar" })).ToContainTextAsync("Built-in calendar");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Email" })).ToContainTextAsync("Pickup directory");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Agent" })).ToContainTextAsync("Built-in conversation engine");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("overview-desktop"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "Bookings" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bookings" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "14:00 anna.peeters@example.com" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("bookings-calendar-desktop"), FullPage = true });

        await page.GetByRole(AriaRole.Tab, new() { Name = "List" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("john@example.com");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("bookings-list-desktop"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "Conversations" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Conversations" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("li.wei@example.cn");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("conversations-desktop"), FullPage = true });

        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "li.wei@example.cn" }).GetByRole(AriaRole.Link, new() { Name = "Open" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Log)).ToContainTextAsync("Your appointment is confirmed");
        await Expect(page.Locator("[data-author=customer]")).ToHaveCountAsync(4);
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("transcript-desktop"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "Business & services" }).ClickAsync();
        await Expect(page.GetByTestId("slot-preview")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("business-desktop"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "Integrations" }).ClickAsync();
        await Expect(page.GetByTestId("google-state")).ToContainTextAsync("Not configured");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save email settings" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("integrations-desktop"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Admins" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Accounts" })).ToContainTextAsync("owner@example.com (you)");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("admins-desktop"), FullPage = true });
    }

    [Fact]
    public async Task Bookings_RescheduleAndCancelFromTheDashboard_ChangeTheBookingsAndAreAudited()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/bookings");

        await page.GetByRole(AriaRole.Button, new() { Name = "14:00 anna.peeters@example.com" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Wed 10 Jun 2026 14:00–15:00");
        await CloseWithEscapeAsync(page, dialog);

        await page.GetByRole(AriaRole.Tab, new() { Name = "List" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the booking of john@example.com on Thu 11 Jun 2026 09:00–10:00" }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("john@example.com");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Reschedule" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "13:00" }).ClickAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("booking-reschedule-desktop") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Move to Thu 11 Jun 2026 13:00" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Status)).ToHaveTextAsync("Moved to Thu 11 Jun 2026 13:00–14:00.");
        await CloseWithEscapeAsync(page, dialog);
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Thu 11 Jun 2026 13:00–14:00");

        await page.GetByRole(AriaRole.Button, new() { Name = "Open the booking of emma@example.be on Fri 12 Jun 2026 10:00–11:00" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel booking" }).ClickAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("booking-cancel-desktop") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel booking" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Status)).ToHaveTextAsync("The booking is cancelled.");
        await Expect(dialog).ToContainTextAsync("Cancelled");
        await CloseWithEscapeAsync(page, dialog);
        await Expect(page.GetByRole(AriaRole.Table)).Not.ToContainTextAsync("emma@example.be");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Moved the booking of john@example.com from Thu 11 Jun 2026 09:00–10:00 to Thu 11 Jun 2026 13:00–14:00.");
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Cancelled the booking of emma@example.be on Fri 12 Jun 2026 10:00–11:00.");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("audit-desktop"), FullPage = true });
    }

    [Fact]
    public async Task Business_EditHoursServiceAndClosure_ValidatesPreviewsAndSaves()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/business");
        var preview = page.GetByTestId("slot-preview");
        var monday = page.GetByRole(AriaRole.List, new() { Name = "Free starts on Mon 15 Jun 2026" });
        await Expect(monday).ToContainTextAsync("12:00");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add hours on Monday" }).ClickAsync();
        await SetTimeAsync(page, "Monday range 1 closes", "08:00");
        await Expect(page.GetByText("Monday opening hours: '09:00-08:00' ends before it starts.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save business settings" })).ToBeDisabledAsync();
        await Expect(page.GetByText("Fix the fields marked in red")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("business-errors-desktop") });

        await SetTimeAsync(page, "Monday range 1 closes", "12");
        await SetTimeAsync(page, "Monday range 2 opens", "13:00");
        await SetTimeAsync(page, "Monday range 2 closes", "1700");
        await Expect(monday).Not.ToContainTextAsync("12:00");
        await Expect(monday).ToContainTextAsync("11:00");
        await Expect(monday).ToContainTextAsync("14:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save business settings" }).ClickAsync();
        await Expect(page.GetByText("Saved. Customers are offered the new hours now.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit Consultation" }).ClickAsync();
        var duration = page.GetByLabel("Duration (minutes)");
        await duration.FillAsync("2");
        await duration.PressAsync("Tab");
        await Expect(page.GetByText("Duration: enter a number from 5 to 1440 (minutes).")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save service" })).ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Region, new() { Name = "Edit Consultation" }).ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("business-service-desktop") });
        await duration.FillAsync("45");
        await duration.PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save service" }).ClickAsync();
        await Expect(page.GetByText("Saved Consultation.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Services" })).ToContainTextAsync("45 min");

        await page.GetByLabel("Closed from").FillAsync("Fri 12 Jun 2026");
        await page.GetByLabel("Closed from").PressAsync("Tab");
        await page.GetByLabel("Reason (optional)").FillAsync("Team day");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add closure" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Closures" })).ToContainTextAsync("Fri 12 Jun 2026");
        await Expect(preview).ToContainTextAsync("Closed: Team day");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Monday hours: '09:00-17:00' → '09:00-12:00, 13:00-17:00'.");
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Changed service 'Consultation': duration '30 min' → '45 min'.");
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Closed Fri 12 Jun 2026 (Team day).");
    }

    [Fact]
    public async Task Admins_AddAndRemoveAnAdmin_ListsThemAndTheyCanSignIn()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/admins");

        await page.GetByLabel("Email").FillAsync("colleague@example.com");
        await page.GetByLabel("Password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add admin" }).ClickAsync();
        await Expect(page.GetByText("Password: Passwords must be at least 12 characters.")).ToBeVisibleAsync();

        await page.GetByLabel("Password").FillAsync("another long passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add admin" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Accounts" })).ToContainTextAsync("colleague@example.com");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("admins-added-desktop"), FullPage = true });

        await using (var other = await fixture.NewDesktopContextAsync())
        {
            var colleague = await other.NewPageAsync();
            await colleague.GotoAsync("/admin/login");
            await colleague.GetByLabel("Email").FillAsync("colleague@example.com");
            await colleague.GetByLabel("Password").FillAsync("another long passphrase");
            await colleague.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(colleague.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove colleague@example.com" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, remove" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Accounts" }).GetByRole(AriaRole.Status)).ToHaveTextAsync("Removed colleague@example.com.");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Accounts" }).GetByRole(AriaRole.Table)).Not.ToContainTextAsync("colleague@example.com");
    }

    [Fact]
    public async Task Menu_OnAPhone_OpensOverThePageAndClosesOnceAPageIsPicked()
    {
        await using var context = await fixture.NewPhoneContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page);
        var bookingsLink = page.GetByRole(AriaRole.Link, new() { Name = "Bookings", Exact = true });
        await Expect(bookingsLink).Not.ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await Expect(bookingsLink).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("menu-phone") });
        await bookingsLink.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bookings", Exact = true })).ToBeVisibleAsync();
        await Expect(bookingsLink).Not.ToBeVisibleAsync();
    }

    [Fact]
    public async Task BookingsList_OnAPhone_StacksEachBookingAndOpensItsDialog()
    {
        await using var context = await fixture.NewPhoneContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/bookings");

        await page.GetByRole(AriaRole.Tab, new() { Name = "List" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("marc@example.org");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("bookings-list-phone"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the booking of marc@example.org on Wed 10 Jun 2026 16:00–16:30" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Consultation");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("booking-dialog-phone") });
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), "The page is wider than the phone.");
    }

    private static async Task SetTimeAsync(IPage page, string label, string value)
    {
        var box = page.GetByLabel(label, new() { Exact = true });
        await box.FillAsync(value);
        await box.PressAsync("Tab");
    }

    [Theory]
    [InlineData("/admin", "Overview", "overview")]
    [InlineData("/admin/bookings", "Bookings", "bookings")]
    [InlineData("/admin/conversations", "Conversations", "conversations")]
    [InlineData("/admin/business", "Business & services", "business")]
    [InlineData("/admin/integrations", "Integrations", "integrations")]
    [InlineData("/admin/audit", "Audit log", "audit")]
    [InlineData("/admin/admins", "Admins", "admins")]
    public async Task Page_OnAPhone_FitsTheScreen(string path, string heading, string name)
    {
        await using var context = await fixture.NewPhoneContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, path);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot($"{name}-phone"), FullPage = true });

        // A phone browser zooms out a page wider than the screen: the layout must stay at the screen's 390 pixels.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390 && window.innerWidth === 390"), "The page is wider than the phone.");
    }

    /// <summary>
    /// Closes the dialog with Escape. The dialog's key listener is attached by script just after it shows, so a key
    /// pressed in that moment is not seen: press again (a few times at most) until the dialog is gone.
    /// </summary>
    private static async Task CloseWithEscapeAsync(IPage page, ILocator dialog)
    {
        for (var attempt = 0; attempt < 5 && await dialog.CountAsync() > 0; attempt++)
        {
            await page.Keyboard.PressAsync("Escape");
            try
            {
                await Expect(dialog).ToHaveCountAsync(0, new() { Timeout = 2_000 });
            }
            catch (PlaywrightException)
            {
                // Not closed yet: the listener was not there; press again.
            }
        }
        await Expect(dialog).ToHaveCountAsync(0);
    }
}
