using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.Admin;

/// <summary>First start in a real browser: the setup link from the log creates the first admin, who can then sign out and in.</summary>
public sealed class AdminFirstRunTests(FirstRunFixture fixture) : IClassFixture<FirstRunFixture>
{
    [Fact]
    public async Task FirstRun_SetupLinkFromLog_CreatesAdminThenSignsOutAndIn()
    {
        var link = AdminForms.SetupLinkFrom(fixture.App.Logs);
        Assert.Contains(fixture.App.Logs.Lines, m => m.Contains($"{fixture.App.ServerAddress.ToString().TrimEnd('/')}/admin/setup?token=", StringComparison.Ordinal));
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/admin");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/login"));
        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("No admin account exists yet");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("login-first-run-desktop"), FullPage = true });

        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create the first admin" })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync("owner@example.com");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("short");
        await page.GetByLabel("Confirm password").FillAsync("different");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin and sign in" }).ClickAsync();
        await Expect(page.GetByText("Password: use at least 12 characters.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Confirm password: the two passwords are different.")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("setup-errors-desktop"), FullPage = true });

        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(AdminForms.Password);
        await page.GetByLabel("Confirm password").FillAsync(AdminForms.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin and sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin$"));
        await AdminBrowserFixture.WaitUntilReadyAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("owner@example.com");

        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Setup link not valid" })).ToBeVisibleAsync();

        await page.GotoAsync("/admin");
        await AdminBrowserFixture.WaitUntilReadyAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/login$"));
        await page.GotoAsync("/admin/audit");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/login\\?ReturnUrl=%2Fadmin%2Faudit"));

        await page.GetByLabel("Email").FillAsync("owner@example.com");
        await page.GetByLabel("Password").FillAsync("not my password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("did not match an admin account");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("login-failed-desktop"), FullPage = true });

        await page.GetByLabel("Password").FillAsync(AdminForms.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/audit$"));
        await AdminBrowserFixture.WaitUntilReadyAsync(page);
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Created the first admin account owner@example.com");

        // A search that finds nothing says so, naming what was searched.
        await page.GetByLabel("Search").FillAsync("nobody-like-this");
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("No change matches 'nobody-like-this'.");
        await Expect(page.GetByRole(AriaRole.Table)).Not.ToContainTextAsync("Created the first admin account");
    }

    [Fact]
    public async Task SetupAndLogin_OnAPhone_FitTheScreen()
    {
        await using var context = await fixture.NewPhoneContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/admin/login");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("login-phone"), FullPage = true });

        await page.GotoAsync(AdminForms.SetupLinkFrom(fixture.App.Logs));
        await Expect(page.GetByRole(AriaRole.Heading)).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("setup-phone"), FullPage = true });

        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390 && window.innerWidth === 390"), "The page is wider than the phone.");
    }
}
