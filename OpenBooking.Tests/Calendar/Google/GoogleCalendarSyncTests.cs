using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Calendar.Google;
using OpenBooking.Tools.Events;

namespace OpenBooking.Tests.Calendar.Google;

public sealed class GoogleCalendarSyncTests
{
    private static readonly LocalDateTime MondayAt15 = GoogleTesting.Monday.At(new LocalTime(15, 0));

    [Fact]
    public async Task Sync_BookingCreated_InsertsEventWithOffsetZoneAttendeeAndManageLink()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        var booking = await host.Get<BookingService>().CreateAsync("Ann@Example.com", MondayAt15, notes: "First visit");

        var outcome = await host.Get<GoogleCalendarSync>().SyncBookingAsync(booking.Id);

        Assert.Equal(CalendarSyncOutcome.Inserted, outcome);
        var eventId = GoogleCalendarSync.EventIdFor(booking.Id);
        var created = google.FindEvent(FakeGoogleServer.PrimaryCalendarId, eventId)!;
        Assert.Equal("2026-03-30T15:00:00+02:00", created["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("Europe/Brussels", created["start"]!["timeZone"]!.GetValue<string>());
        Assert.Equal("2026-03-30T16:00:00+02:00", created["end"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("ann@example.com", created["attendees"]![0]!["email"]!.GetValue<string>());
        Assert.Contains($"https://book.example.com/booking/{booking.ManageToken}", created["description"]!.GetValue<string>());
        Assert.Contains("First visit", created["description"]!.GetValue<string>());
        Assert.Contains("sendUpdates=none", google.Requests.Single(r => r.Operation == "insert").PathAndQuery);
        var link = await host.Get<GoogleCalendarSync>().FindEventAsync(booking.Id);
        Assert.Equal(eventId, link!.EventId);
        Assert.StartsWith("https://www.google.com/calendar/event?eid=", link.HtmlLink);
        Assert.Equal(CalendarSyncStatus.Synced, link.Status);
    }

    [Fact]
    public async Task Sync_BookingRescheduled_PatchesTheSameEvent()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        var booking = await host.Get<BookingService>().CreateAsync("ann@example.com", MondayAt15);
        await host.Get<GoogleCalendarSync>().SyncBookingAsync(booking.Id);
        await host.Get<BookingService>().RescheduleAsync(booking.Id, "ann@example.com", GoogleTesting.Monday.At(new LocalTime(10, 0)));

        var outcome = await host.Get<GoogleCalendarSync>().SyncBookingAsync(booking.Id);

        Assert.Equal(CalendarSyncOutcome.Updated, outcome);
        var eventId = GoogleCalendarSync.EventIdFor(booking.Id);
        Assert.EndsWith($"/events/{eventId}?sendUpdates=none", google.Requests.Single(r => r.Operation == "patch").PathAndQuery);
        var moved = Assert.Single(google.EventsIn(FakeGoogleServer.PrimaryCalendarId));
        Assert.Equal(eventId, moved["id"]!.GetValue<string>());
        Assert.Equal("2026-03-30T10:00:00+02:00", moved["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal(1, google.Count("insert"));
    }

    [Fact]
    public async Task Sync_BookingCancelled_DeletesTheEvent()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        var booking = await host.Get<BookingService>().CreateAsync("ann@example.com", MondayAt15);
        await host.Get<GoogleCalendarSync>().SyncBookingAsync(booking.Id);
        await host.Get<BookingService>().CancelAsync(booking.Id, "ann@example.com");

        var outcome = await host.Get<GoogleCalendarSync>().SyncBookingAsync(booking.Id);
        var repeated = await host.Get<GoogleCalendarSync>().SyncBookingAsync(booking.Id);

        Assert.Equal(CalendarSyncOutcome.Deleted, outcome);
        Assert.Equal(CalendarSyncOutcome.UpToDate, repeated);
        Assert.Equal(1, google.Count("delete"));
        Assert.Equal("cancelled", google.FindEvent(FakeGoogleServer.PrimaryCalendarId, GoogleCalendarSync.EventIdFor(booking.Id))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Handle_OutboxEventsInAnyOrder_EndWithTheBookingsCurrentState()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        var booking = await host.Get<BookingService>().CreateAsync("ann@example.com", MondayAt15);
        await host.Get<BookingService>().RescheduleAsync(booking.Id, "ann@example.com", GoogleTesting.Monday.At(new LocalTime(11, 0)));

        // The created event is delivered late, after the reschedule: it already writes the new time.
        await host.Get<GoogleCalendarSync>().HandleAsync(BookingEventTypes.Created, booking.Id);
        await host.Get<GoogleCalendarSync>().HandleAsync(BookingEventTypes.Rescheduled, booking.Id);
        await host.Get<GoogleCalendarSync>().HandleAsync(BookingEventTypes.ReminderDue, booking.Id);

        var only = Assert.Single(google.EventsIn(FakeGoogleServer.PrimaryCalendarId));
        Assert.Equal("2026-03-30T11:00:00+02:00", only["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal(1, google.Count("insert"));
        Assert.Equal(0, google.Count("patch"));
    }

    [Fact]
    public async Task Sync_GoogleDown_KeepsTheBookingPendingAndSyncsItLater()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings().With("Google:MaxRetries", "1"));
        await host.ConnectAsync(google);
        var booking = await host.Get<BookingService>().CreateAsync("ann@example.com", MondayAt15);
        google.Enqueue("insert", Fault.Answer(503, "backendError"), times: 2);

        var ex = await Assert.ThrowsAsync<GoogleCalendarException>(() => host.Get<GoogleCalendarSync>().SyncBookingAsync(booking.Id));

        Assert.True(ex.IsTransient);
        var pending = await host.Get<GoogleCalendarSync>().FindEventAsync(booking.Id);
        Assert.Equal(CalendarSyncStatus.Pending, pending!.Status);
        Assert.Contains("503", pending.LastError);
        var status = await host.Get<GoogleCalendarConnector>().GetStatusAsync();
        Assert.Equal(1, status.PendingSyncs);
        Assert.Contains("retried", status.LastError);
        Assert.Single(await host.Get<BookingService>().ListUpcomingAsync("ann@example.com"));

        var synced = await host.Get<GoogleCalendarSync>().SyncPendingAsync();

        Assert.Equal(1, synced);
        Assert.Equal(CalendarSyncStatus.Synced, (await host.Get<GoogleCalendarSync>().FindEventAsync(booking.Id))!.Status);
        Assert.Single(google.EventsIn(FakeGoogleServer.PrimaryCalendarId));
        Assert.Equal(0, (await host.Get<GoogleCalendarConnector>().GetStatusAsync()).PendingSyncs);
    }

    [Fact]
    public async Task SyncPending_BookingsMadeWhileDisconnected_AreWrittenAfterConnecting()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        var before = await host.Get<BookingService>().CreateAsync("ann@example.com", MondayAt15);
        var cancelledBefore = await host.Get<BookingService>().CreateAsync("bob@example.com", GoogleTesting.Monday.At(new LocalTime(9, 0)));
        await host.Get<BookingService>().CancelAsync(cancelledBefore.Id, "bob@example.com");
        Assert.Equal(CalendarSyncOutcome.NotConnected, await host.Get<GoogleCalendarSync>().SyncBookingAsync(before.Id));

        await host.ConnectAsync(google);
        var synced = await host.Get<GoogleCalendarSync>().SyncPendingAsync();

        Assert.Equal(1, synced);
        var only = Assert.Single(google.EventsIn(FakeGoogleServer.PrimaryCalendarId));
        Assert.Equal(GoogleCalendarSync.EventIdFor(before.Id), only["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sync_EventDeletedInGoogleButBookingMoved_PutsItBack()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        var booking = await host.Get<BookingService>().CreateAsync("ann@example.com", MondayAt15);
        await host.Get<GoogleCalendarSync>().SyncBookingAsync(booking.Id);
        await host.Get<GoogleCalendarClient>().DeleteEventAsync(FakeGoogleServer.PrimaryCalendarId, GoogleCalendarSync.EventIdFor(booking.Id));
        await host.Get<BookingService>().RescheduleAsync(booking.Id, "ann@example.com", GoogleTesting.Monday.At(new LocalTime(10, 0)));

        await host.Get<GoogleCalendarSync>().SyncBookingAsync(booking.Id);

        var restored = google.FindEvent(FakeGoogleServer.PrimaryCalendarId, GoogleCalendarSync.EventIdFor(booking.Id))!;
        Assert.Equal("confirmed", restored["status"]!.GetValue<string>());
        Assert.Equal("2026-03-30T10:00:00+02:00", restored["start"]!["dateTime"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sync_CancelledWhileInsertWasUnconfirmed_DeletesTheRecordedEventId()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings().With("Google:RequestTimeout", "00:00:00.300").With("Google:MaxRetries", "0"));
        await host.ConnectAsync(google);
        var booking = await host.Get<BookingService>().CreateAsync("ann@example.com", MondayAt15);
        google.Enqueue("insert", Fault.ApplyThenHang);
        await Assert.ThrowsAsync<GoogleCalendarException>(() => host.Get<GoogleCalendarSync>().SyncBookingAsync(booking.Id));
        await host.Get<BookingService>().CancelAsync(booking.Id, "ann@example.com");

        var outcome = await host.Get<GoogleCalendarSync>().SyncBookingAsync(booking.Id);

        Assert.Equal(CalendarSyncOutcome.Deleted, outcome);
        Assert.Equal("cancelled", google.FindEvent(FakeGoogleServer.PrimaryCalendarId, GoogleCalendarSync.EventIdFor(booking.Id))!["status"]!.GetValue<string>());
        var row = await host.WithDbAsync(db => db.CalendarSyncs.AsNoTracking().SingleAsync());
        Assert.Equal(CalendarSyncStatus.Deleted, row.Status);
    }
}
