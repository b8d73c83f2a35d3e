using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;

namespace OpenBooking.Tests.Booking;

/// <summary>
/// The manage page and its .ics endpoint over HTTP, with a booking made through the booking service.
/// The clock stands at Wednesday 10 June 2026, 10:00 in Brussels.
/// </summary>
public sealed partial class BookingPageTests : IAsyncLifetime
{
    private readonly AppHost app = new();
    private HttpClient client = null!;
    private Uri landedOn = null!;

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

    private static readonly DateTimeZone Brussels = DateTimeZoneProviders.Tzdb["Europe/Brussels"];

    private BookingService Bookings => app.Services.GetRequiredService<BookingService>();

    private Task<OpenBooking.Tools.Data.Booking> BookTomorrowAtThreeAsync() =>
        Bookings.CreateAsync("john@example.com", new LocalDateTime(2026, 6, 11, 15, 0));

    /// <summary>Presses a time button of the reschedule form, as the browser would: with the page's antiforgery token.</summary>
    private async Task<string> PostRescheduleAsync(string pageUrl, string newStart)
    {
        var page = await client.GetStringAsync(pageUrl);
        var antiforgery = AntiforgeryField().Match(page).Groups[1].Value;
        var response = await client.PostAsync(pageUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "reschedule-booking",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery),
            ["NewStart"] = newStart,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        landedOn = response.RequestMessage!.RequestUri!;
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private async Task<LocalDateTime> StoredStartAsync(Guid id) =>
        (await Bookings.FindByManageTokenAsync((await BookingByIdAsync(id)).ManageToken))!.Start.InZone(Brussels).LocalDateTime;

    private async Task<OpenBooking.Tools.Data.Booking> BookingByIdAsync(Guid id) =>
        (await Bookings.ListUpcomingAsync("john@example.com")).Single(b => b.Id == id);

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
    public async Task GetPage_WithDate_ListsThatDaysFreeTimesAsButtonsThatAsk()
    {
        var booking = await BookTomorrowAtThreeAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/booking/{booking.ManageToken}?date=2026-06-12"));

        Assert.Contains("Appointment <span", html);
        Assert.Contains("(1 hour)", html);
        Assert.Contains("Reschedule", html);
        Assert.Contains("Changes are possible up to 2 hours before the start.", html);
        Assert.Contains("value=\"2026-06-12\"", html);
        Assert.Contains("Free times on Friday 12 June 2026", html);
        Assert.Contains("name=\"start\" value=\"2026-06-12T09:00\"", html);
        Assert.Contains("name=\"start\" value=\"2026-06-12T16:00\"", html);
        Assert.Contains("name=\"__RequestVerificationToken\"", html);
        Assert.DoesNotContain("name=\"NewStart\"", html);
    }

    [Fact]
    public async Task GetPage_PickedTime_AsksBeforeMovingAndShowsNoOtherAction()
    {
        var booking = await BookTomorrowAtThreeAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/booking/{booking.ManageToken}?date=2026-06-12&start=2026-06-12T10:00"));

        Assert.Contains("Move your booking to Friday 12 June 2026, 10:00 – 11:00?", html);
        Assert.Contains("name=\"NewStart\" value=\"2026-06-12T10:00\"", html);
        Assert.Contains("Yes, move my booking", html);
        Assert.Matches($"href=\"booking/{Regex.Escape(booking.ManageToken)}\\?date=2026-06-12\"[^>]*>Choose another time</a>", html);
        Assert.DoesNotContain("Cancel booking", html);
        Assert.DoesNotContain("Free times on", html);
        Assert.Equal(new LocalDateTime(2026, 6, 11, 15, 0), await StoredStartAsync(booking.Id));
    }

    [Fact]
    public async Task GetPage_PickedTimeNotOnOffer_ShowsTheDaysTimesInstead()
    {
        var booking = await BookTomorrowAtThreeAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/booking/{booking.ManageToken}?date=2026-06-12&start=2026-06-12T03:00"));

        Assert.DoesNotContain("Move your booking to", html);
        Assert.Contains("Free times on Friday 12 June 2026", html);
    }

    [Fact]
    public async Task GetPage_DayWithoutFreeTimes_PointsToTheNextFreeDay()
    {
        var booking = await BookTomorrowAtThreeAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/booking/{booking.ManageToken}?date=2026-06-13"));

        Assert.Contains("No free times on Saturday 13 June 2026.", html);
        Assert.Contains($"href=\"booking/{booking.ManageToken}?date=2026-06-15\"", html);
        Assert.Contains(">Monday 15 June 2026</a>", html);
        Assert.DoesNotContain("name=\"start\"", html);
    }

    [Fact]
    public async Task GetPage_CustomerZoneInLink_ShowsTheirTimeToo()
    {
        var booking = await BookTomorrowAtThreeAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/booking/{booking.ManageToken}?tz=America%2FNew_York&date=2026-06-12"));

        // June: Brussels is UTC+2, New York UTC-4.
        Assert.Contains("09:00 – 10:00 your time", html);
        Assert.Contains("(America/New_York)", html);
        Assert.Contains("03:00 yours", html);
        Assert.Contains("name=\"tz\" value=\"America/New_York\"", html);
    }

    [Fact]
    public async Task PostReschedule_FreeTime_MovesTheSameBookingAndSaysSo()
    {
        var booking = await BookTomorrowAtThreeAsync();

        var html = await PostRescheduleAsync($"/booking/{booking.ManageToken}?date=2026-06-12", "2026-06-12T10:00");

        Assert.Contains("Your booking is moved to Friday 12 June 2026, 10:00 – 11:00.", html);
        Assert.DoesNotContain("name=\"NewStart\"", html);
        Assert.DoesNotContain("name=\"start\"", html);
        Assert.Equal($"/booking/{booking.ManageToken}?done=moved", landedOn.PathAndQuery);
        Assert.Equal(new LocalDateTime(2026, 6, 12, 10, 0), await StoredStartAsync(booking.Id));
    }

    [Fact]
    public async Task PostReschedule_TimeJustTaken_SaysSoAndKeepsTheBooking()
    {
        var booking = await BookTomorrowAtThreeAsync();
        var url = $"/booking/{booking.ManageToken}?date=2026-06-12";
        await client.GetStringAsync(url);
        await Bookings.CreateAsync("someone@example.com", new LocalDateTime(2026, 6, 12, 10, 0));

        var html = await PostRescheduleAsync(url, "2026-06-12T10:00");

        Assert.Contains("Sorry, that time was just taken. Please pick another one.", html);
        Assert.DoesNotContain("value=\"2026-06-12T10:00\"", html);
        Assert.Contains("name=\"start\" value=\"2026-06-12T11:00\"", html);
        Assert.Equal(new LocalDateTime(2026, 6, 11, 15, 0), await StoredStartAsync(booking.Id));
    }

    [Fact]
    public async Task PostReschedule_InsideChangeNotice_SaysWhy()
    {
        var booking = await Bookings.CreateAsync("john@example.com", new LocalDateTime(2026, 6, 10, 11, 30));

        var html = await PostRescheduleAsync($"/booking/{booking.ManageToken}?date=2026-06-12", "2026-06-12T10:00");

        Assert.Contains("Bookings can only be moved up to 2 hours before they start. Please contact us directly.", html);
        Assert.Contains("role=\"alert\"", html);
        Assert.Equal(new LocalDateTime(2026, 6, 10, 11, 30), await StoredStartAsync(booking.Id));
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

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
