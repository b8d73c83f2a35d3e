using Microsoft.Playwright;
using OpenBooking.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// Every dashboard page, signed in, at desktop and phone width, in light and dark mode (the dashboard follows the
/// system): axe-core finds no serious or critical violation, the page does not scroll sideways, and a screenshot
/// lands in <see cref="BrowserFixture.ScreenshotDirectory"/> (<c>admin-page-{name}-{width}-{scheme}.png</c>).
/// </summary>
public sealed class DashboardAccessibilityTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    public static TheoryData<string, string, string> Pages() => new()
    {
        { "overview", "/admin", "Overview" },
        { "bookings", "/admin/bookings", "Bookings" },
        { "conversations", "/admin/conversations", "Conversations" },
        { "business", "/admin/business", "Business & services" },
        { "integrations", "/admin/integrations", "Integrations" },
        { "automations", "/admin/automations", "Automations" },
        { "usage", "/admin/usage", "Usage" },
        { "audit", "/admin/audit", "Audit log" },
        { "admins", "/admin/admins", "Admins" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_DesktopAndPhone_LightAndDark_HasNoSeriousViolations(string name, string path, string heading)
    {
        foreach (var phone in new[] { false, true })
        {
            await using var context = phone ? await fixture.NewPhoneContextAsync() : await fixture.NewDesktopContextAsync();
            var page = await context.NewPageAsync();
            await DashboardFixture.SignInAsync(page, path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                await page.EmulateMediaAsync(new() { ColorScheme = scheme });
                var what = $"{name} page ({(phone ? "390 px" : "desktop")}, {scheme})";
                await page.AssertNoSeriousViolationsAsync(what);
                Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"),
                    $"The {what} scrolls sideways.");
                await page.ScreenshotAsync(new()
                {
                    Path = AdminBrowserFixture.Shot($"page-{name}-{(phone ? "phone" : "desktop")}-{scheme.ToString().ToLowerInvariant()}"),
                    FullPage = true,
                });
            }
        }
    }
}
