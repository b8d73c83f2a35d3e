using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using OpenBooking.Tools.Calendar;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.EndToEnd;

/// <summary>
/// A customer moves a booking from the manage page in a real browser: picks a day, sees its free times as
/// buttons, presses one, confirms. Screenshots of the picker (desktop and phone, also with the customer's own zone) land in
/// <see cref="ChatAppFixture.ScreenshotDirectory"/>.
/// </summary>
public sealed class BookingRescheduleTests(ChatAppFixture fixture) : IClassFixture<ChatAppFixture>
{
    private BookingService Bookings => fixture.App.Services.GetRequiredService<BookingService>();

    [Fact]
    public async Task Reschedule_PickDayAndFreeTime_MovesTheBooking()
    {
        var booking = await Bookings.CreateAsync("john@example.com", new LocalDateTime(2026, 6, 11, 15, 0));
        var manageUrl = $"/booking/{booking.ManageToken}";
        await using var desktop = await fixture.NewDesktopContextAsync();
        var page = await desktop.NewPageAsync();
        await page.GotoAsync(manageUrl);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reschedule" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Appointment (1 hour)");

        await page.GetByLabel("New date").FillAsync("2026-06-12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show free times" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Free times on Friday 12 June 2026" })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"\?date=2026-06-12$"));
        await page.ScreenshotAsync(new() { Path = Shot("booking-reschedule-desktop.png"), FullPage = true });
        await TakePhoneScreenshotsAsync(manageUrl);

        await page.GetByRole(AriaRole.Button, new() { Name = "10:00", Exact = true }).ClickAsync();
        var question = page.GetByRole(AriaRole.Heading, new() { Name = "Move your booking to Friday 12 June 2026, 10:00 – 11:00?" });
        await Expect(question).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel booking" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Shot("booking-confirm-move-desktop.png"), FullPage = true });
        Assert.Equal(Instant.FromUtc(2026, 6, 11, 13, 0), (await Bookings.FindByManageTokenAsync(booking.ManageToken))!.Start);

        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, move my booking" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your booking is moved to Friday 12 June 2026, 10:00 – 11:00.");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/booking/[^?]+\?done=moved$"));
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Friday 12 June 2026");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "10:00", Exact = true })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Shot("booking-rescheduled-desktop.png"), FullPage = true });
        var moved = await Bookings.FindByManageTokenAsync(booking.ManageToken);
        Assert.Equal(Instant.FromUtc(2026, 6, 12, 8, 0), moved!.Start);
        Assert.Equal(booking.Id, moved.Id);
    }

    private async Task TakePhoneScreenshotsAsync(string manageUrl)
    {
        await using var phone = await fixture.NewPhoneContextAsync();
        var page = await phone.NewPageAsync();
        await page.GotoAsync(manageUrl + "?date=2026-06-12");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Free times on Friday 12 June 2026" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("booking-reschedule-phone.png"), FullPage = true });

        // The chat's link carries the customer's zone when it differs from the business's.
        await page.GotoAsync(manageUrl + "?tz=America%2FNew_York&date=2026-06-12");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("09:00 – 10:00 your time");
        await page.ScreenshotAsync(new() { Path = Shot("booking-reschedule-their-zone-phone.png"), FullPage = true });
    }

    private static string Shot(string name) => Path.Combine(ChatAppFixture.ScreenshotDirectory, name);
}
