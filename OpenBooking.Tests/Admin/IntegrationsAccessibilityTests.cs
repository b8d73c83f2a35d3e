using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Zapier;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// The Integrations and Automations pages for everyone: no serious axe violation on a desktop or a 390 px phone, in
/// light and dark, no sideways scrolling on the phone, and a form used with the keyboard alone. Its own app, so that
/// what it registers does not meet the page tests.
/// </summary>
public sealed class IntegrationsAccessibilityTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    /// <summary>Each page with a test id that shows its content is there (the deliveries table has a seeded row).</summary>
    public static TheoryData<string, string, bool> Pages => new()
    {
        { "/admin/integrations", "google-state", false },
        { "/admin/integrations", "google-state", true },
        { "/admin/automations", "delivery", false },
        { "/admin/automations", "delivery", true },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_DesktopAndPhone_NoSeriousAxeViolationAndNoSidewaysScroll(string path, string marker, bool dark)
    {
        var scheme = dark ? "dark" : "light";
        await SeedDeliveryAsync();
        foreach (var phone in new[] { false, true })
        {
            var size = phone ? "phone" : "desktop";
            await using var context = phone ? await fixture.NewPhoneContextAsync() : await fixture.NewDesktopContextAsync();
            var page = await context.NewPageAsync();
            await page.EmulateMediaAsync(new() { ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light });
            await DashboardFixture.SignInAsync(page, path);
            await Expect(page.GetByTestId(marker)).ToBeVisibleAsync();

            await page.AssertNoSeriousViolationsAsync($"{path} ({size}, {scheme})");

            if (phone)
            {
                Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), $"{path} is wider than the phone.");
            }
            await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot($"{path.Split('/')[^1]}-a11y-{size}-{scheme}"), FullPage = true });
        }
    }

    /// <summary>One failed delivery with a long URL and error, so that the deliveries table has a row to fit on the phone.</summary>
    private async Task SeedDeliveryAsync()
    {
        await using var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync();
        if (await db.WebhookDeliveries.AnyAsync())
        {
            return;
        }
        db.WebhookDeliveries.Add(new WebhookDelivery
        {
            EventId = "evt-a11y", EventType = "booking.rescheduled", Url = "https://hooks.zapier.com/hooks/catch/123456/abcdefsecret/",
            Payload = "{}", Status = WebhookDeliveryStatus.Failed, Attempts = 5, LastError = "HttpRequestException: Connection refused (hooks.zapier.com:443)",
            CreatedAt = SystemClock.Instance.GetCurrentInstant(),
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task RegisterServerForm_KeyboardOnly_TabsThroughTheFieldsAndSubmitsWithEnter()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/automations");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Register an MCP server" });

        await form.GetByLabel("Server name").FocusAsync();
        await page.Keyboard.TypeAsync("keyboard");
        await page.Keyboard.PressAsync("Tab");
        await Expect(form.GetByLabel("Streamable HTTP URL")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("http://127.0.0.1:9/mcp");
        await page.Keyboard.PressAsync("Tab");
        await Expect(form.GetByLabel("Bearer token")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Enter");

        await Expect(form.GetByRole(AriaRole.Status)).ToHaveTextAsync("Registered keyboard.");
        var server = page.GetByTestId("mcp-server").Filter(new() { HasText = "keyboard" });
        await Expect(server).ToContainTextAsync("127.0.0.1");

        // The server's own buttons are reachable and work from the keyboard too.
        await server.GetByRole(AriaRole.Button, new() { Name = "Disable keyboard" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(server).ToContainTextAsync("Disabled");
    }
}
