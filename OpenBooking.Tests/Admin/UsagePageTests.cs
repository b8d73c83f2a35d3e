using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Hosting;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.Admin;

/// <summary>Real tool calls through the MCP pipeline show up on the Usage page: counts, errors, and the error's code.</summary>
public sealed class UsagePageTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task UsagePage_AfterSomeToolCalls_ShowsCountsPerToolAndTheRecentError()
    {
        var clients = fixture.App.Services.GetRequiredService<InMemoryToolClients>();
        for (var i = 0; i < 3; i++)
        {
            await clients.CallAsync("list_services", new Dictionary<string, object?>());
        }
        await clients.CallAsync("find_free_slots", new Dictionary<string, object?> { ["fromDate"] = "2026-06-11" });
        await clients.CallAsync("find_free_slots", new Dictionary<string, object?> { ["fromDate"] = "2026-06-12" });
        var refused = await clients.CallAsync("create_booking", new Dictionary<string, object?>
        {
            ["email"] = "noor@example.com",
            ["start"] = "2026-06-11T15:00",
            ["verificationToken"] = "forged.token",
        });
        Assert.True(refused.IsError);
        var dbFactory = fixture.App.Services.GetRequiredService<IDbContextFactory<OpenBookingDbContext>>();
        await Poll.UntilAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            return await db.ToolCalls.CountAsync();
        }, count => count == 6, "six tool-call rows");

        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/usage");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Usage", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("usage-calls")).ToHaveTextAsync("6");
        await Expect(page.GetByTestId("usage-errors")).ToHaveTextAsync("1");
        var perDay = page.GetByRole(AriaRole.Region, new() { Name = "Per tool per day" }).GetByRole(AriaRole.Table);
        var listServices = perDay.GetByRole(AriaRole.Row).Filter(new() { HasText = "list_services" });
        await Expect(listServices).ToContainTextAsync("Wed 10 Jun 2026");
        await Expect(listServices.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("3");
        await Expect(listServices.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("0");
        var booking = perDay.GetByRole(AriaRole.Row).Filter(new() { HasText = "create_booking" });
        await Expect(booking.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("1");
        var errors = page.GetByRole(AriaRole.Region, new() { Name = "Recent errors" }).GetByRole(AriaRole.Table);
        await Expect(errors.GetByRole(AriaRole.Row).Filter(new() { HasText = "create_booking" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("usage-desktop"), FullPage = true });
        await page.AssertNoSeriousViolationsAsync("usage page (desktop, light)");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("usage-desktop-dark"), FullPage = true });
        await page.AssertNoSeriousViolationsAsync("usage page (desktop, dark)");

        await using var phone = await fixture.NewPhoneContextAsync();
        var phonePage = await phone.NewPageAsync();
        await DashboardFixture.SignInAsync(phonePage, "/admin/usage");
        await Expect(phonePage.GetByTestId("usage-calls")).ToHaveTextAsync("6");
        await Expect(phonePage.GetByRole(AriaRole.Region, new() { Name = "Per tool per day" }).GetByRole(AriaRole.Table)).ToContainTextAsync("list_services");
        await phonePage.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("usage-phone"), FullPage = true });
        await phonePage.AssertNoSeriousViolationsAsync("usage page (phone, light)");
        await phonePage.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await phonePage.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("usage-phone-dark"), FullPage = true });
        await phonePage.AssertNoSeriousViolationsAsync("usage page (phone, dark)");
        Assert.True(await phonePage.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), "The page is wider than the phone.");
    }

    [Fact]
    public async Task UsagePage_RangeWithoutCalls_SaysSo()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/usage");

        var from = page.GetByRole(AriaRole.Textbox, new() { Name = "From", Exact = true });
        var to = page.GetByRole(AriaRole.Textbox, new() { Name = "To", Exact = true });
        await from.FillAsync("Mon 1 Jun 2026");
        await from.PressAsync("Tab");
        await to.FillAsync("Tue 2 Jun 2026");
        await to.PressAsync("Tab");

        await Expect(page.GetByText("No tool calls from Mon 1 Jun 2026 to Tue 2 Jun 2026.")).ToBeVisibleAsync();
    }
}
