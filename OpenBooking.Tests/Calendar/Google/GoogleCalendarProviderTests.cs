using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Calendar.Google;

namespace OpenBooking.Tests.Calendar.Google;

public sealed class GoogleCalendarProviderTests
{
    private static readonly LocalDate Monday = GoogleTesting.Monday;

    [Fact]
    public async Task FindFreeSlots_GoogleBusyHour_RemovesOverlappingSlots()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        google.AddBusy(FakeGoogleServer.PrimaryCalendarId, host.Offset(Monday, 13), host.Offset(Monday, 14));

        var slots = await host.Get<BookingService>().FindFreeSlotsAsync(Monday, Monday);

        var busy = new Interval(host.At(Monday, 13), host.At(Monday, 14));
        Assert.DoesNotContain(slots, s => s.Start < busy.End && s.End > busy.Start);
        Assert.Contains(slots, s => s.Start == host.At(Monday, 12));
        Assert.Contains(slots, s => s.Start == host.At(Monday, 14));
        Assert.Equal(12, slots.Count); // 15 half-hourly starts from 09:00 to 16:00, minus 12:30, 13:00, 13:30
    }

    [Fact]
    public async Task Check_TimeBusyInGoogle_IsTaken()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        google.AddBusy(FakeGoogleServer.PrimaryCalendarId, host.Offset(Monday, 15), host.Offset(Monday, 15, 30));

        var check = await host.Get<BookingService>().CheckAsync(Monday.At(new LocalTime(15, 0)));

        Assert.Equal(SlotProblem.Taken, check.Problem);
    }

    [Fact]
    public async Task FindFreeSlots_NotConnected_UsesBuiltInCalendarWithoutCallingGoogle()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        google.AddBusy(FakeGoogleServer.PrimaryCalendarId, host.Offset(Monday, 9), host.Offset(Monday, 17));

        var slots = await host.Get<BookingService>().FindFreeSlotsAsync(Monday, Monday);

        Assert.Equal(15, slots.Count);
        Assert.Equal(0, google.Count("freeBusy"));
    }

    [Fact]
    public async Task FindFreeSlots_GoogleFailing_ReturnsSlotsAndRecordsTheError()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        google.AddBusy(FakeGoogleServer.PrimaryCalendarId, host.Offset(Monday, 9), host.Offset(Monday, 17));
        google.Enqueue("freeBusy", Fault.Answer(500, "backendError"), times: 2);

        var slots = await host.Get<BookingService>().FindFreeSlotsAsync(Monday, Monday);
        var again = await host.Get<BookingService>().FindFreeSlotsAsync(Monday, Monday);

        Assert.Equal(15, slots.Count);
        Assert.Equal(15, again.Count);
        Assert.Equal(2, google.Count("freeBusy")); // one try and one retry; then Google is left alone for a while
        var status = await host.Get<GoogleCalendarConnector>().GetStatusAsync();
        Assert.Equal(GoogleCalendarState.Connected, status.State);
        Assert.Contains("Free/busy", status.LastError);
    }

    [Fact]
    public async Task FindFreeSlots_SameDayTwiceWithinCacheTime_AsksGoogleOnce()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);

        await host.Get<BookingService>().FindFreeSlotsAsync(Monday, Monday);
        await host.Get<BookingService>().CheckAsync(Monday.At(new LocalTime(11, 0)));
        var cached = google.Count("freeBusy");
        host.Clock.Advance(Duration.FromSeconds(46));
        await host.Get<BookingService>().FindFreeSlotsAsync(Monday, Monday);

        Assert.Equal(1, cached);
        Assert.Equal(2, google.Count("freeBusy"));
    }

    [Fact]
    public async Task Reschedule_OwnEventIsBusyInGoogle_MovesHalfAnHourLater()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        var booking = await host.Get<BookingService>().CreateAsync("ann@example.com", Monday.At(new LocalTime(15, 0)));
        await host.Get<GoogleCalendarSync>().SyncBookingAsync(booking.Id);

        // Google reports 15:00-16:00 busy because of our own event; it must not block the booking's own move.
        var moved = await host.Get<BookingService>().RescheduleAsync(booking.Id, "ann@example.com", Monday.At(new LocalTime(15, 30)));

        Assert.Equal(host.At(Monday, 15, 30), moved.Start);
    }

    [Fact]
    public void Subtract_OwnEventInsideBusyBlock_KeepsTheRest()
    {
        var at = (int h) => Instant.FromUtc(2026, 3, 30, h, 0);

        var left = GoogleCalendarProvider.Subtract(
            [new Interval(at(9), at(12)), new Interval(at(13), at(14))],
            [new Interval(at(10), at(11)), new Interval(at(13), at(14))]);

        Assert.Equal([new Interval(at(9), at(10)), new Interval(at(11), at(12))], left);
    }
}
