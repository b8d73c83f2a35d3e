using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenBooking.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.Admin;

/// <summary>The Admins page in a real browser: the previous sign-in, adding an admin with the keyboard, axe, phones.</summary>
public sealed partial class AdminsPageTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Admins_AddWithTheKeyboard_EnterInThePasswordAddsTheAdmin()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/admins");
        await Expect(page.GetByTestId("previous-sign-in")).ToHaveTextAsync(PreviousSignIn());

        await page.GetByLabel("Email").FillAsync("not an address");
        await page.GetByLabel("Email").PressAsync("Enter");
        await Expect(page.GetByText("Email: enter an address like name@example.com.")).ToBeVisibleAsync();

        await page.GetByLabel("Email").FillAsync("keyboard@example.com");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Password")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("a keyboard passphrase");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Add an admin" }).GetByRole(AriaRole.Status)).ToHaveTextAsync("Added keyboard@example.com. They can sign in now.");
        var row = page.GetByRole(AriaRole.Region, new() { Name = "Accounts" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "keyboard@example.com" });
        await Expect(row).ToContainTextAsync("never signed in");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Remove keyboard@example.com" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("admins-keyboard-desktop"), FullPage = true });
    }

    [Theory]
    [InlineData(false, ColorScheme.Light)]
    [InlineData(false, ColorScheme.Dark)]
    [InlineData(true, ColorScheme.Light)]
    [InlineData(true, ColorScheme.Dark)]
    public async Task Admins_Page_HasNoSeriousViolations(bool phone, ColorScheme scheme)
    {
        await using var context = phone ? await fixture.NewPhoneContextAsync() : await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });
        await DashboardFixture.SignInAsync(page, "/admin/admins");

        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Accounts" })).ToContainTextAsync(DashboardFixture.Email);
        await Expect(page.GetByTestId("previous-sign-in")).ToHaveTextAsync(PreviousSignIn());
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The page is wider than the screen.");
        var name = $"admins-{(phone ? "phone" : "desktop")}-{scheme}".ToLowerInvariant();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot(name), FullPage = true });
        await page.AssertNoSeriousViolationsAsync($"Admins page ({name})");
    }

    /// <summary>Which it is depends on the order the class's tests sign in; AdminAccessTests pins the exact time.</summary>
    [GeneratedRegex(@"^(Your previous sign-in: \w{3} \d{1,2} \w{3}( \d{4})? \d{2}:\d{2}|This is your first sign-in)$")]
    private static partial Regex PreviousSignIn();
}
