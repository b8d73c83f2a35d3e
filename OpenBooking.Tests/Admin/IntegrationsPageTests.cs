using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenBooking.Tools.Data;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.Admin;

/// <summary>The Integrations page in a real browser (its own app and database): save the Google client and SMTP settings, send a test email.</summary>
public sealed class IntegrationsPageTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private async Task<T> WithDbAsync<T>(Func<OpenBookingDbContext, Task<T>> work)
    {
        await using var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync();
        return await work(db);
    }

    [Fact]
    public async Task Integrations_SaveGoogleClientAndEmailThenSendATestEmail()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/integrations");

        await Expect(page.GetByTestId("google-state")).ToContainTextAsync("Not configured");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save Google client" }).ClickAsync();
        await Expect(page.Locator(".field-error[data-field='Google:ClientId']")).ToContainTextAsync("Google:ClientId");

        await page.GetByLabel("OAuth client id").FillAsync("12345-abc.apps.googleusercontent.com");
        await page.GetByLabel("OAuth client secret").FillAsync("GOCSPX-test-secret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save Google client" }).ClickAsync();
        await Expect(page.GetByTestId("google-state")).ToHaveTextAsync("Disconnected");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Connect Google Calendar" })).ToHaveAttributeAsync("href", "/admin/google/connect");

        // Pickup (the default) sends: the button shows the provider's answer.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test email" }).ClickAsync();
        await Expect(page.GetByTestId("test-result")).ToContainTextAsync("Pickup directory accepted it");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("integrations-edited-desktop"), FullPage = true });

        // SMTP without a host is refused, naming the setting.
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Email provider" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "SMTP" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save email settings" }).ClickAsync();
        await Expect(page.Locator(".field-error[data-field='Email:Smtp:Host']")).ToContainTextAsync("Email:Smtp:Host is not set.");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("integrations-smtp-errors-desktop"), FullPage = true });

        await page.GetByLabel("SMTP host").FillAsync("smtp.example.com");
        await page.GetByLabel("SMTP user name").FillAsync("desk");
        await page.GetByLabel("SMTP password").FillAsync("hunter2-secret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save email settings" }).ClickAsync();
        await Expect(page.GetByText("Email settings saved.")).ToBeVisibleAsync();
        await Expect(page.GetByText("SMTP password (set; leave empty to keep it)")).ToBeVisibleAsync();

        var raw = await WithDbAsync(db => db.AppSettings.Where(s => s.Key == "Email:Smtp:Password").Select(s => s.Value).SingleAsync());
        Assert.DoesNotContain("hunter2", raw);
        var audit = await WithDbAsync(db => db.AuditEntries.Select(e => e.Summary).ToListAsync());
        Assert.Contains(audit, s => s.Contains("Email:Smtp:Host: not set → 'smtp.example.com'", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, s => s.Contains("hunter2", StringComparison.Ordinal) || s.Contains("GOCSPX", StringComparison.Ordinal));
    }
}
