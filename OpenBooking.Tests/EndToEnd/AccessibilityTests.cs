using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.EndToEnd;

/// <summary>
/// axe-core (Deque's engine, run in the real page) finds no serious or critical violation on the customer pages and
/// sign-in, in light and dark mode, at desktop and phone width. Dark screenshots land in
/// <see cref="ChatAppFixture.ScreenshotDirectory"/>.
/// </summary>
public sealed class AccessibilityTests(ChatAppFixture fixture) : IClassFixture<ChatAppFixture>
{
    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Chat_AfterAnExchange_HasNoSeriousViolations(ColorScheme scheme)
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });
        var chat = new ChatPageModel(page);
        await chat.OpenAsync();
        await chat.SendAsync("What are your opening hours?");

        await page.AssertNoSeriousViolationsAsync($"chat ({scheme})");
        if (scheme == ColorScheme.Dark)
        {
            await page.ScreenshotAsync(new() { Path = Shot("chat-dark-desktop.png") });
        }
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task ManagePage_PickingATime_HasNoSeriousViolations(ColorScheme scheme)
    {
        var bookings = fixture.App.Services.GetRequiredService<BookingService>();
        // One booking per case: the app (and its calendar) is shared by the class.
        var booking = await bookings.CreateAsync("axe@example.com", new LocalDateTime(2026, 6, 11, scheme == ColorScheme.Dark ? 13 : 11, 0));
        await using var context = await fixture.NewPhoneContextAsync();
        var page = await context.NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });

        await page.GotoAsync($"/booking/{booking.ManageToken}?date=2026-06-12");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Free times on Friday 12 June 2026" })).ToBeVisibleAsync();
        await page.AssertNoSeriousViolationsAsync($"manage page ({scheme})");

        await page.GetByRole(AriaRole.Button, new() { Name = "11:00", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Yes, move my booking" })).ToBeVisibleAsync();
        await page.AssertNoSeriousViolationsAsync($"manage page, confirming a move ({scheme})");
        if (scheme == ColorScheme.Dark)
        {
            await page.ScreenshotAsync(new() { Path = Shot("booking-confirm-move-dark-phone.png"), FullPage = true });
        }
    }

    [Theory]
    [InlineData("/admin/login", "Sign in")]
    [InlineData("/dev/mailbox", "Development mailbox")]
    public async Task Page_Loaded_HasNoSeriousViolations(string path, string heading)
    {
        await using var context = await fixture.NewPhoneContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(path);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading })).ToBeVisibleAsync();

        await page.AssertNoSeriousViolationsAsync(path);
    }

    private static string Shot(string name) => Path.Combine(ChatAppFixture.ScreenshotDirectory, name);
}
