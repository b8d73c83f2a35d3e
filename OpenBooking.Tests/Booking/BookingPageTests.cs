using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenBooking.Tests.EndToEnd;
using OpenBooking.Tools.Calendar;

namespace OpenBooking.Tests.Booking;

/// <summary>The manage page and its .ics endpoint over HTTP, with a booking made through the booking service.</summary>
public sealed class BookingPageTests : IAsyncLifetime
{
    private readonly OpenBookingAppFactory app = new(new FixedClock(Instant.FromUtc(2026, 6, 10, 8, 0)));
    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        client = app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.DisposeAsync();
    }

    private Task<OpenBooking.Tools.Data.Booking> BookTomorrowAtThreeAsync() =>
        app.Services.GetRequiredService<BookingService>().CreateAsync("john@example.com", new LocalDateTime(2026, 6, 11, 15, 0));

    [Fact]
    public async Task GetPage_KnownToken_ShowsBookingInBusinessTime()
    {
        var booking = await BookTomorrowAtThreeAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/booking/{booking.ManageToken}"));

        Assert.Contains("Thursday 11 June 2026", html);
        Assert.Contains("15:00 – 16:00", html);
        Assert.Contains("Confirmed", html);
        Assert.Contains("john@example.com", html);
        Assert.Contains("https://calendar.google.com/calendar/render?action=TEMPLATE", html);
        Assert.Contains($"booking/{booking.ManageToken}/ics", html);
    }

    [Fact]
    public async Task GetPage_UnknownToken_Returns404WithLinkBackToChat()
    {
        var response = await client.GetAsync("/booking/no-such-token");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Booking not found", html);
        Assert.Contains("href=\"/\"", html);
    }

    [Fact]
    public async Task GetIcs_KnownToken_ReturnsCalendarFile()
    {
        var booking = await BookTomorrowAtThreeAsync();

        var response = await client.GetAsync($"/booking/{booking.ManageToken}/ics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var ics = await response.Content.ReadAsStringAsync();
        Assert.Contains($"UID:{booking.Id:D}@openbooking\r\n", ics);
        Assert.Contains("METHOD:PUBLISH\r\n", ics);
        Assert.Contains("DTSTART;TZID=Europe/Brussels:20260611T150000\r\n", ics);
        Assert.Contains("DTEND;TZID=Europe/Brussels:20260611T160000\r\n", ics);
        Assert.Contains("SUMMARY:Appointment at OpenBooking\r\n", ics);
    }

    [Fact]
    public async Task GetIcs_UnknownToken_Returns404()
    {
        var response = await client.GetAsync("/booking/no-such-token/ics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
