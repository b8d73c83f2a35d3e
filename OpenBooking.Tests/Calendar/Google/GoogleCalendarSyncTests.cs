using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Calendar.Google;
using OpenBooking.Tools.Events;

namespace OpenBooking.Tests.Calendar.Google;

public sealed class GoogleCalendarSyncTests
{
    private static readonly LocalDateTime MondayAt15 = GoogleTestHost.Monday.At(new LocalTime(15, 0));

    [Fact]
    public async Task Sync_BookingCreated_InsertsEventWithOffsetZoneAttendeeAndManageLink()
    {
        await using var host = await GoogleTestHost.StartAsync();
        await host.ConnectAsync();
        var booking = await host.Bookings.CreateAsync("Ann@Example.com", MondayAt15, notes: "First visit");

        var outcome = await host.Sync.SyncBookingAsync(booking.Id);

        Assert.Equal(CalendarSyncOutcome.Inserted, outcome);
        var eventId = GoogleCalendarSync.EventIdFor(booking.Id);
        var created = host.Google.FindEvent(FakeGoogleServer.PrimaryCalendarId, eventId)!;
        Assert.Equal("2026-03-30T15:00:00+02:00", created["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("Europe/Brussels", created["start"]!["timeZone"]!.GetValue<string>());
        Assert.Equal("2026-03-30T16:00:00+02:00", created["end"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("ann@example.com", created["attendees"]![0]!["email"]!.GetValue<string>());
        Assert.Contains($"https://book.example.com/booking/{booking.ManageToken}", created["description"]!.GetValue<string>());
        Assert.Contains("First visit", created["description"]!.GetValue<string>());
        Assert.Contains("sendUpdates=none", host.Google.Requests.Single(r => r.Operation == "insert").PathAndQuery);
        var link = await host.Sync.FindEventAsync(booking.Id);
        Assert.Equal(eventId, link!.EventId);
        Assert.StartsWith("https://www.google.com/calendar/event?eid=", link.HtmlLink);
        Assert.Equal(CalendarSyncStatus.Synced, link.Status);
    }

    [Fact]
    public async Task Sync_BookingRescheduled_PatchesTheSameEvent()
    {
        await using var host = await GoogleTestHost.StartAsync();
        await host.ConnectAsync();
        var booking = await host.Bookings.CreateAsync("ann@example.com", MondayAt15);
        await host.Sync.SyncBookingAsync(booking.Id);
        await host.Bookings.RescheduleAsync(booking.Id, "ann@example.com", GoogleTestHost.Monday.At(new LocalTime(10, 0)));

        var outcome = await host.Sync.SyncBookingAsync(booking.Id);

        Assert.Equal(CalendarSyncOutcome.Updated, outcome);
        var eventId = GoogleCalendarSync.EventIdFor(booking.Id);
        Assert.EndsWith($"/events/{eventId}?sendUpdates=none", host.Google.Requests.Single(r => r.Operation == "patch").PathAndQuery);
        var moved = Assert.Single(host.Google.EventsIn(FakeGoogleServer.PrimaryCalendarId));
        Assert.Equal(eventId, moved["id"]!.GetValue<string>());
        Assert.Equal("2026-03-30T10:00:00+02:00", moved["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal(1, host.Google.Count("insert"));
    }

    [Fact]
    public async Task Sync_BookingCancelled_DeletesTheEvent()
    {
        await using var host = await GoogleTestHost.StartAsync();
        await host.ConnectAsync();
        var booking = await host.Bookings.CreateAsync("ann@example.com", MondayAt15);
        await host.Sync.SyncBookingAsync(booking.Id);
        await host.Bookings.CancelAsync(booking.Id, "ann@example.com");

        var outcome = await host.Sync.SyncBookingAsync(booking.Id);
        var repeated = await host.Sync.SyncBookingAsync(booking.Id);

        Assert.Equal(CalendarSyncOutcome.Deleted, outcome);
        Assert.Equal(CalendarSyncOutcome.UpToDate, repeated);
        Assert.Equal(1, host.Google.Count("delete"));
        Assert.Equal("cancelled", host.Google.FindEvent(FakeGoogleServer.PrimaryCalendarId, GoogleCalendarSync.EventIdFor(booking.Id))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Handle_OutboxEventsInAnyOrder_EndWithTheBookingsCurrentState()
    {
        await using var host = await GoogleTestHost.StartAsync();
        await host.ConnectAsync();
        var booking = await host.Bookings.CreateAsync("ann@example.com", MondayAt15);
        await host.Bookings.RescheduleAsync(booking.Id, "ann@example.com", GoogleTestHost.Monday.At(new LocalTime(11, 0)));

        // The created event is delivered late, after the reschedule: it already writes the new time.
        await host.Sync.HandleAsync(BookingEventTypes.Created, booking.Id);
        await host.Sync.HandleAsync(BookingEventTypes.Rescheduled, booking.Id);
        await host.Sync.HandleAsync(BookingEventTypes.ReminderDue, booking.Id);

        var only = Assert.Single(host.Google.EventsIn(FakeGoogleServer.PrimaryCalendarId));
        Assert.Equal("2026-03-30T11:00:00+02:00", only["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal(1, host.Google.Count("insert"));
        Assert.Equal(0, host.Google.Count("patch"));
    }

    [Fact]
    public async Task Sync_GoogleDown_KeepsTheBookingPendingAndSyncsItLater()
    {
        await using var host = await GoogleTestHost.StartAsync(s => s["Google:MaxRetries"] = "1");
        await host.ConnectAsync();
        var booking = await host.Bookings.CreateAsync("ann@example.com", MondayAt15);
        host.Google.Enqueue("insert", Fault.Answer(503, "backendError"), times: 2);

        var ex = await Assert.ThrowsAsync<GoogleCalendarException>(() => host.Sync.SyncBookingAsync(booking.Id));

        Assert.True(ex.IsTransient);
        var pending = await host.Sync.FindEventAsync(booking.Id);
        Assert.Equal(CalendarSyncStatus.Pending, pending!.Status);
        Assert.Contains("503", pending.LastError);
        var status = await host.Connector.GetStatusAsync();
        Assert.Equal(1, status.PendingSyncs);
        Assert.Contains("retried", status.LastError);
        Assert.Single(await host.Bookings.ListUpcomingAsync("ann@example.com"));

        var synced = await host.Sync.SyncPendingAsync();

        Assert.Equal(1, synced);
        Assert.Equal(CalendarSyncStatus.Synced, (await host.Sync.FindEventAsync(booking.Id))!.Status);
        Assert.Single(host.Google.EventsIn(FakeGoogleServer.PrimaryCalendarId));
        Assert.Equal(0, (await host.Connector.GetStatusAsync()).PendingSyncs);
    }

    [Fact]
    public async Task SyncPending_BookingsMadeWhileDisconnected_AreWrittenAfterConnecting()
    {
        await using var host = await GoogleTestHost.StartAsync();
        var before = await host.Bookings.CreateAsync("ann@example.com", MondayAt15);
        var cancelledBefore = await host.Bookings.CreateAsync("bob@example.com", GoogleTestHost.Monday.At(new LocalTime(9, 0)));
        await host.Bookings.CancelAsync(cancelledBefore.Id, "bob@example.com");
        Assert.Equal(CalendarSyncOutcome.NotConnected, await host.Sync.SyncBookingAsync(before.Id));

        await host.ConnectAsync();
        var synced = await host.Sync.SyncPendingAsync();

        Assert.Equal(1, synced);
        var only = Assert.Single(host.Google.EventsIn(FakeGoogleServer.PrimaryCalendarId));
        Assert.Equal(GoogleCalendarSync.EventIdFor(before.Id), only["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sync_EventDeletedInGoogleButBookingMoved_PutsItBack()
    {
        await using var host = await GoogleTestHost.StartAsync();
        await host.ConnectAsync();
        var booking = await host.Bookings.CreateAsync("ann@example.com", MondayAt15);
        await host.Sync.SyncBookingAsync(booking.Id);
        await host.Client.DeleteEventAsync(FakeGoogleServer.PrimaryCalendarId, GoogleCalendarSync.EventIdFor(booking.Id));
        await host.Bookings.RescheduleAsync(booking.Id, "ann@example.com", GoogleTestHost.Monday.At(new LocalTime(10, 0)));

        await host.Sync.SyncBookingAsync(booking.Id);

        var restored = host.Google.FindEvent(FakeGoogleServer.PrimaryCalendarId, GoogleCalendarSync.EventIdFor(booking.Id))!;
        Assert.Equal("confirmed", restored["status"]!.GetValue<string>());
        Assert.Equal("2026-03-30T10:00:00+02:00", restored["start"]!["dateTime"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sync_CancelledWhileInsertWasUnconfirmed_DeletesTheRecordedEventId()
    {
        await using var host = await GoogleTestHost.StartAsync(s =>
        {
            s["Google:RequestTimeout"] = "00:00:00.300";
            s["Google:MaxRetries"] = "0";
        });
        await host.ConnectAsync();
        var booking = await host.Bookings.CreateAsync("ann@example.com", MondayAt15);
        host.Google.Enqueue("insert", Fault.ApplyThenHang);
        await Assert.ThrowsAsync<GoogleCalendarException>(() => host.Sync.SyncBookingAsync(booking.Id));
        await host.Bookings.CancelAsync(booking.Id, "ann@example.com");

        var outcome = await host.Sync.SyncBookingAsync(booking.Id);

        Assert.Equal(CalendarSyncOutcome.Deleted, outcome);
        Assert.Equal("cancelled", host.Google.FindEvent(FakeGoogleServer.PrimaryCalendarId, GoogleCalendarSync.EventIdFor(booking.Id))!["status"]!.GetValue<string>());
        var row = await host.Tools.WithDbAsync(db => db.CalendarSyncs.AsNoTracking().SingleAsync());
        Assert.Equal(CalendarSyncStatus.Deleted, row.Status);
    }
}
