using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Zapier;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.Admin;

/// <summary>The Automations page in a real browser: Zapier settings, a delivery resent, an MCP server registered (and down).</summary>
public sealed class AutomationsPageTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private async Task<T> WithDbAsync<T>(Func<OpenBookingDbContext, Task<T>> work)
    {
        await using var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync();
        return await work(db);
    }

    [Fact]
    public async Task Automations_SaveZapierResendADeliveryAndRegisterAServer()
    {
        await WithDbAsync(async db =>
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                EventId = "evt-1", EventType = "booking.created", Url = "http://127.0.0.1:9/hooks/catch/secretpath",
                Payload = "{}", Status = WebhookDeliveryStatus.Failed, Attempts = 3, LastError = "Connection refused",
                CreatedAt = SystemClock.Instance.GetCurrentInstant(),
            });
            return await db.SaveChangesAsync();
        });
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/automations");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add zap" }).ClickAsync();
        await page.GetByLabel("Zap 1 name").FillAsync("notify-slack");
        await page.GetByLabel("Zap 1 hook URL").FillAsync("not a url");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save Zapier settings" }).ClickAsync();
        await Expect(page.Locator(".field-error[data-field='Zapier:Zaps:0:HookUrl']")).ToContainTextAsync("Zapier:Zaps:0:HookUrl");

        await page.GetByLabel("Zap 1 hook URL").FillAsync("https://hooks.zapier.com/hooks/catch/1/slackpath/");
        await page.GetByLabel("Booking created hook URL").FillAsync("https://hooks.zapier.com/hooks/catch/1/createdpath/");
        await page.GetByLabel("Signing secret").FillAsync("sign-s3cret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save Zapier settings" }).ClickAsync();
        await Expect(page.GetByText("Zapier settings saved.")).ToBeVisibleAsync();
        await Expect(page.Locator("label", new() { HasText = "Booking created (set: hooks.zapier.com/…; leave empty to keep it)" })).ToBeVisibleAsync();
        Assert.DoesNotContain("createdpath", await page.ContentAsync());

        await Expect(page.GetByTestId("delivery")).ToHaveCountAsync(1);
        Assert.DoesNotContain("secretpath", await page.ContentAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Resend" }).ClickAsync();
        await Expect(page.Locator(".resend-result")).ToContainTextAsync("Failed");

        await page.GetByLabel("Server name").FillAsync("local");
        await page.GetByLabel("Streamable HTTP URL").FillAsync("http://127.0.0.1:9/mcp");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register server" }).ClickAsync();
        await Expect(page.GetByTestId("mcp-server")).ToContainTextAsync("Down");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("automations-desktop"), FullPage = true });

        await using var phone = await fixture.NewPhoneContextAsync();
        var phonePage = await phone.NewPageAsync();
        await DashboardFixture.SignInAsync(phonePage, "/admin/automations");
        await Expect(phonePage.GetByTestId("mcp-server")).ToBeVisibleAsync();
        await phonePage.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("automations-phone"), FullPage = true });

        var audit = await WithDbAsync(db => db.AuditEntries.Select(e => e.Summary).ToListAsync());
        Assert.DoesNotContain(audit, s => s.Contains("s3cret", StringComparison.Ordinal) || s.Contains("slackpath", StringComparison.Ordinal));
    }
}
