using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// The Business &amp; services page in a real browser (its own app and database, clock on Wednesday 10 June 2026):
/// time zone by autocomplete, opening hours, a priced service and a closure, each followed by the slot preview;
/// axe on a desktop and a phone; the business form by keyboard alone.
/// </summary>
public sealed class BusinessPageTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private async Task<T> WithDbAsync<T>(Func<OpenBookingDbContext, Task<T>> work)
    {
        await using var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync();
        return await work(db);
    }

    [Fact]
    public async Task Business_ZoneHoursPricedServiceAndClosure_PreviewFollowsAndEachIsSaved()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/business");
        var preview = page.GetByTestId("slot-preview");
        var save = page.GetByRole(AriaRole.Button, new() { Name = "Save business settings" });
        await Expect(preview).ToContainTextAsync("Sat 13 Jun 2026");

        // A zone that does not exist is named in the message; the autocomplete finds any IANA id by a part of it.
        var zone = page.GetByLabel("Time zone (IANA)");
        await zone.FillAsync("Mars/Olympus");
        await zone.PressAsync("Escape");
        await zone.PressAsync("Tab");
        await Expect(page.Locator(".field-error[data-field=TimeZone]")).ToHaveTextAsync(
            "Time zone: 'Mars/Olympus' is not an IANA time zone id (for example Europe/Brussels).");
        await Expect(save).ToBeDisabledAsync();
        await zone.FillAsync("lisb");
        await page.GetByRole(AriaRole.Option, new() { Name = "Europe/Lisbon", Exact = true }).ClickAsync();
        await Expect(zone).ToHaveValueAsync("Europe/Lisbon");
        await Expect(page.Locator(".field-error[data-field=TimeZone]")).ToHaveCountAsync(0);

        // Opening on Saturday morning: the preview offers the new day at once, before saving.
        var saturday = page.GetByRole(AriaRole.List, new() { Name = "Free starts on Sat 13 Jun 2026" });
        await Expect(saturday).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add hours on Saturday" }).ClickAsync();
        await SetTimeAsync(page, "Saturday range 1 closes", "12");
        await Expect(saturday).ToContainTextAsync("09:00");
        await Expect(saturday).ToContainTextAsync("11:00");
        await Expect(saturday).Not.ToContainTextAsync("12:00");
        await save.ClickAsync();
        await Expect(page.GetByText("Saved. Customers are offered the new hours now.")).ToBeVisibleAsync();

        // A new service with a price in the business currency; the preview switches to it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add service" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Region, new() { Name = "New service" });
        await form.GetByLabel("Service name").FillAsync("Colour");
        await form.GetByLabel("Duration (minutes)").FillAsync("90");
        await form.GetByLabel("Price (optional)").FillAsync("-5");
        await form.GetByLabel("Price (optional)").PressAsync("Tab");
        await Expect(form.Locator(".field-error[data-field=Price]")).ToHaveTextAsync(
            "Price: enter an amount from 0 to 1,000,000, or leave it empty to not show a price.");
        await Expect(form.GetByRole(AriaRole.Button, new() { Name = "Add service" })).ToBeDisabledAsync();
        await form.GetByLabel("Price (optional)").FillAsync("45.50");
        await form.GetByLabel("Price (optional)").PressAsync("Tab");
        await Expect(form).ToContainTextAsync("EUR");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("business-new-service-desktop"), FullPage = true });
        await page.AssertNoSeriousViolationsAsync("business page with the service form open (desktop)");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add service" }).ClickAsync();
        var services = page.GetByRole(AriaRole.Region, new() { Name = "Services" });
        await Expect(services.GetByRole(AriaRole.Status)).ToHaveTextAsync("Added Colour.");
        await Expect(services).ToContainTextAsync("45.50 EUR");
        await Expect(page.GetByText("What customers would be offered for Colour")).ToBeVisibleAsync();
        // 90 minutes every 30 from 09:00 on a morning that closes at 12:00: the last start is 10:30.
        await Expect(saturday.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["09:00", "09:30", "10:00", "10:30"]);
        // The preview's service picker shows another service's slots for the same hours.
        await page.GetByRole(AriaRole.Complementary, new() { Name = "Preview" }).ChooseAsync(page, "Preview service", "Consultation");
        await Expect(page.GetByText("What customers would be offered for Consultation")).ToBeVisibleAsync();
        await Expect(saturday.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]);

        // A closure typed into the date picker; the preview marks the day closed.
        await page.GetByLabel("Closed from").FillAsync("Sat 13 Jun 2026");
        await page.GetByLabel("Closed from").PressAsync("Tab");
        await Expect(page.GetByLabel("Closed until")).ToHaveValueAsync("Sat 13 Jun 2026");
        await page.GetByLabel("Reason (optional)").FillAsync("Inventory");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add closure" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Closures" })).ToContainTextAsync("Sat 13 Jun 2026");
        await Expect(preview).ToContainTextAsync("Closed: Inventory");
        await Expect(saturday).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("business-edited-desktop"), FullPage = true });
        await page.AssertNoSeriousViolationsAsync("business page after the edits (desktop)");

        var colour = await WithDbAsync(db => db.Services.SingleAsync(s => s.Name == "Colour"));
        Assert.Equal((90, 45.50m), (colour.DurationMinutes, colour.Price));
        var audit = await WithDbAsync(db => db.AuditEntries.Select(e => e.Summary).ToListAsync());
        // The keyboard test shares this app and may have changed the zone first.
        Assert.Contains(audit, s => s.StartsWith("Time zone: '", StringComparison.Ordinal) && s.Contains("→ 'Europe/Lisbon'", StringComparison.Ordinal));
        Assert.Contains(audit, s => s.Contains("Saturday hours: closed → '09:00-12:00'", StringComparison.Ordinal));
        Assert.Contains(audit, s => s.Contains("Closed Sat 13 Jun 2026 (Inventory).", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BusinessPage_OnAPhone_FitsTheScreenAndPassesAxe()
    {
        await using var context = await fixture.NewPhoneContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/business");
        await Expect(page.GetByTestId("slot-preview")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit Consultation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Edit Consultation" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("business-service-phone"), FullPage = true });
        await page.GetByRole(AriaRole.Region, new() { Name = "Business", Exact = true }).ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("business-form-phone") });
        await page.GetByRole(AriaRole.Region, new() { Name = "Closures" }).ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("business-closures-phone") });

        await page.AssertNoSeriousViolationsAsync("business page (phone)");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), "The page is wider than the phone.");
    }

    [Fact]
    public async Task BusinessPage_InDarkMode_PassesAxe()
    {
        await using var context = await fixture.Browser.NewContextAsync(new()
        {
            BaseURL = fixture.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1280, Height = 800 },
            Locale = "en-GB",
            TimezoneId = "Europe/Brussels",
            ColorScheme = ColorScheme.Dark,
        });
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/business");
        await Expect(page.GetByTestId("slot-preview")).ToBeVisibleAsync();

        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("business-dark-desktop"), FullPage = true });
        await page.AssertNoSeriousViolationsAsync("business page (dark mode)");
    }

    [Fact]
    public async Task BusinessForm_KeyboardOnly_TabsThroughTheFieldsAndSavesWithEnterOrSpace()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/business");
        var name = page.GetByLabel("Business name");
        await Expect(name).ToBeVisibleAsync();

        await name.FocusAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("Studio Nova");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Time zone (IANA)")).ToBeFocusedAsync();
        // Typing part of a zone and Arrow Down + Enter picks it from the list.
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("amsterd");
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "Europe/Amsterdam", Exact = true })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByLabel("Time zone (IANA)")).ToHaveValueAsync("Europe/Amsterdam");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Address (optional)")).ToBeFocusedAsync();

        // Every control of the form is a tab stop, in reading order: Sunday's "Add hours" and then Save come after Monday's hours.
        await TabUntilFocusedAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Add hours on Sunday" }));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByLabel("Sunday range 1 opens", new() { Exact = true })).ToHaveValueAsync("09:00");
        var save = page.GetByRole(AriaRole.Button, new() { Name = "Save business settings" });
        await TabUntilFocusedAsync(page, save);
        await page.Keyboard.PressAsync("Enter");
        var status = page.GetByRole(AriaRole.Region, new() { Name = "Business", Exact = true }).GetByRole(AriaRole.Status);
        await Expect(status).ToHaveTextAsync("Saved. Customers are offered the new hours now.");

        // Space on the focused button saves too.
        await page.GetByLabel("Sunday range 1 closes", new() { Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("13");
        await TabUntilFocusedAsync(page, save);
        await Expect(status).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Space");
        await Expect(status).ToHaveTextAsync("Saved. Customers are offered the new hours now.");

        var audit = await WithDbAsync(db => db.AuditEntries.Select(e => e.Summary).ToListAsync());
        Assert.Contains(audit, s => s.Contains("Name: ", StringComparison.Ordinal) && s.Contains("'Studio Nova'", StringComparison.Ordinal));
        Assert.Contains(audit, s => s.Contains("Sunday hours: '09:00-17:00' → '09:00-13:00'", StringComparison.Ordinal));
    }

    /// <summary>Presses Tab until the element has the focus; fails if it is not reached (a control that is not a tab stop).</summary>
    private static async Task TabUntilFocusedAsync(IPage page, ILocator target, int maxPresses = 80)
    {
        for (var press = 0; press < maxPresses; press++)
        {
            if (await target.EvaluateAsync<bool>("element => element === document.activeElement"))
            {
                return;
            }
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab did not reach the element after {maxPresses} presses.");
    }

    private static async Task SetTimeAsync(IPage page, string label, string value)
    {
        var box = page.GetByLabel(label, new() { Exact = true });
        await box.FillAsync(value);
        await box.PressAsync("Tab");
    }
}
