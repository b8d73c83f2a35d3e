using System.Net;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar.Google;

namespace OpenBooking.Tests.Calendar.Google;

public sealed class GoogleCalendarClientTests
{
    private const string EventId = "ob0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task Insert_ServerErrorsAndRateLimits_RetriesUntilItWorks()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        google.Enqueue("insert", Fault.Answer(503, "backendError"));
        google.Enqueue("insert", Fault.Answer(429, "rateLimitExceeded"));
        google.Enqueue("insert", Fault.Answer(500, "backendError"));

        var created = await host.Get<GoogleCalendarClient>().InsertEventAsync(FakeGoogleServer.PrimaryCalendarId, NewEvent());

        Assert.Equal(EventId, created.Id);
        Assert.Equal(4, google.Count("insert"));
        Assert.Single(google.EventsIn(FakeGoogleServer.PrimaryCalendarId));
    }

    [Fact]
    public async Task Insert_Forbidden403RateLimitExceeded_Retries()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        google.Enqueue("insert", Fault.Answer(403, "rateLimitExceeded"));
        google.Enqueue("insert", Fault.Answer(403, "userRateLimitExceeded"));

        await host.Get<GoogleCalendarClient>().InsertEventAsync(FakeGoogleServer.PrimaryCalendarId, NewEvent());

        Assert.Equal(3, google.Count("insert"));
    }

    [Fact]
    public async Task Insert_Forbidden403OtherReason_ThrowsWithoutRetrying()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        google.Enqueue("insert", Fault.Answer(403, "forbiddenForNonOrganizer"));

        var ex = await Assert.ThrowsAsync<GoogleCalendarException>(() => host.Get<GoogleCalendarClient>().InsertEventAsync(FakeGoogleServer.PrimaryCalendarId, NewEvent()));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal("forbiddenForNonOrganizer", ex.Reason);
        Assert.False(ex.IsTransient);
        Assert.Equal(1, google.Count("insert"));
    }

    [Fact]
    public async Task Insert_GoogleDownLongerThanTheRetries_ThrowsTransient()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings().With("Google:MaxRetries", "2"));
        await host.ConnectAsync(google);
        google.Enqueue("insert", Fault.Answer(503, "backendError"), times: 3);

        var ex = await Assert.ThrowsAsync<GoogleCalendarException>(() => host.Get<GoogleCalendarClient>().InsertEventAsync(FakeGoogleServer.PrimaryCalendarId, NewEvent()));

        Assert.True(ex.IsTransient);
        Assert.Equal(3, google.Count("insert"));
        Assert.Empty(google.EventsIn(FakeGoogleServer.PrimaryCalendarId));
    }

    [Fact]
    public async Task Insert_EventIdExists409_PatchesTheExistingEvent()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        google.SeedEvent(FakeGoogleServer.PrimaryCalendarId, EventId, "2026-03-30T09:00:00+02:00", "2026-03-30T10:00:00+02:00");

        var result = await host.Get<GoogleCalendarClient>().InsertEventAsync(FakeGoogleServer.PrimaryCalendarId, NewEvent());

        Assert.Equal(EventId, result.Id);
        Assert.Equal(1, google.Count("patch"));
        var stored = Assert.Single(google.EventsIn(FakeGoogleServer.PrimaryCalendarId));
        Assert.Equal("2026-03-30T15:00:00+02:00", stored["start"]!["dateTime"]!.GetValue<string>());
    }

    [Fact]
    public async Task Insert_TimedOutAfterGoogleCreatedIt_RetryFinds409AndKeepsOneEvent()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings().With("Google:RequestTimeout", "00:00:00.300"));
        await host.ConnectAsync(google);
        google.Enqueue("insert", Fault.ApplyThenHang);

        var result = await host.Get<GoogleCalendarClient>().InsertEventAsync(FakeGoogleServer.PrimaryCalendarId, NewEvent());

        Assert.Equal(EventId, result.Id);
        Assert.Equal(2, google.Count("insert"));
        Assert.Equal(1, google.Count("patch"));
        Assert.Single(google.EventsIn(FakeGoogleServer.PrimaryCalendarId));
    }

    [Fact]
    public async Task Delete_EventMissingOrAlreadyDeleted_Succeeds()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        await host.Get<GoogleCalendarClient>().InsertEventAsync(FakeGoogleServer.PrimaryCalendarId, NewEvent());

        await host.Get<GoogleCalendarClient>().DeleteEventAsync(FakeGoogleServer.PrimaryCalendarId, EventId);
        await host.Get<GoogleCalendarClient>().DeleteEventAsync(FakeGoogleServer.PrimaryCalendarId, EventId); // 410 Gone
        await host.Get<GoogleCalendarClient>().DeleteEventAsync(FakeGoogleServer.PrimaryCalendarId, "obnosuchevent00000000000000000000"); // 404

        Assert.Equal(3, google.Count("delete"));
        Assert.Equal("cancelled", google.FindEvent(FakeGoogleServer.PrimaryCalendarId, EventId)!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_EventMissing_ThrowsNotFound()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);

        var ex = await Assert.ThrowsAsync<GoogleCalendarException>(() =>
            host.Get<GoogleCalendarClient>().PatchEventAsync(FakeGoogleServer.PrimaryCalendarId, EventId, new GoogleEvent { Summary = "x" }));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public void EventIdFor_AnyBooking_IsValidBase32Hex()
    {
        var id = GoogleCalendarSync.EventIdFor(Guid.NewGuid());

        Assert.Matches("^[a-v0-9]{5,1024}$", id);
        Assert.Equal("ob0f8fad5bd9cb469fa16570867728950e", GoogleCalendarSync.EventIdFor(new Guid("0f8fad5b-d9cb-469f-a165-70867728950e")));
    }

    private static GoogleEvent NewEvent() => new()
    {
        Id = EventId,
        Summary = "Appointment: ann@example.com",
        Start = new GoogleEventTime { DateTime = "2026-03-30T15:00:00+02:00", TimeZone = "Europe/Brussels" },
        End = new GoogleEventTime { DateTime = "2026-03-30T16:00:00+02:00", TimeZone = "Europe/Brussels" },
        Attendees = [new GoogleAttendee { Email = "ann@example.com" }],
    };
}
