using Microsoft.AspNetCore.WebUtilities;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Calendar.Google;

namespace OpenBooking.Tests.Calendar.Google;

public sealed class GoogleCalendarConnectorTests
{
    [Fact]
    public async Task BuildAuthorizationUrl_Configured_AsksOfflineConsentWithPkceStateAndSmallScopes()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());

        var url = await host.Get<GoogleCalendarConnector>().BuildAuthorizationUrlAsync(GoogleTesting.RedirectUri);

        Assert.Equal($"{google.AuthBaseUrl}/o/oauth2/v2/auth", url.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(url.Query);
        Assert.Equal(FakeGoogleServer.ClientId, query["client_id"]);
        Assert.Equal(GoogleTesting.RedirectUri, query["redirect_uri"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("offline", query["access_type"]);
        Assert.Equal("consent", query["prompt"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"].ToString().Length);
        Assert.True(query["state"].ToString().Length >= 43);
        Assert.Equal(FakeGoogleServer.AllScopes, query["scope"].ToString().Split(' '));
    }

    [Fact]
    public async Task Complete_StateFromThisServer_ConnectsWithPrimaryCalendar()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());

        var status = await host.ConnectAsync(google);

        Assert.Equal(GoogleCalendarState.Connected, status.State);
        Assert.Equal(FakeGoogleServer.PrimaryCalendarId, status.CalendarId);
        Assert.Equal(FakeGoogleServer.PrimaryCalendarId, status.Account);
        Assert.Null(status.LastError);
        // The fake token endpoint only answers when the PKCE verifier matches the challenge of the consent URL.
        Assert.Equal(1, google.Count("token"));
    }

    [Fact]
    public async Task Complete_WrongState_IsRefusedAndChangesNothing()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        var (code, state) = await host.ConsentAsync(google);

        var ex = await Assert.ThrowsAsync<GoogleConnectException>(() => host.Get<GoogleCalendarConnector>().CompleteAsync(code, "forged-state", GoogleTesting.RedirectUri));

        Assert.True(ex.StateRejected);
        Assert.Equal(0, google.Count("token"));
        Assert.Equal(GoogleCalendarState.Disconnected, (await host.Get<GoogleCalendarConnector>().GetStatusAsync()).State);
        // The genuine sign-in can still finish.
        Assert.Equal(GoogleCalendarState.Connected, (await host.Get<GoogleCalendarConnector>().CompleteAsync(code, state, GoogleTesting.RedirectUri)).State);
    }

    [Fact]
    public async Task Complete_StateUsedTwice_SecondIsRefused()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        var (code, state) = await host.ConsentAsync(google);
        await host.Get<GoogleCalendarConnector>().CompleteAsync(code, state, GoogleTesting.RedirectUri);

        var ex = await Assert.ThrowsAsync<GoogleConnectException>(() => host.Get<GoogleCalendarConnector>().CompleteAsync(code, state, GoogleTesting.RedirectUri));

        Assert.True(ex.StateRejected);
        Assert.Equal(1, google.Count("token"));
    }

    [Fact]
    public async Task Complete_StateOlderThanItsLifetime_IsRefused()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        var (code, state) = await host.ConsentAsync(google);
        host.Clock.Advance(GoogleCalendarConnector.StateLifetime + Duration.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<GoogleConnectException>(() => host.Get<GoogleCalendarConnector>().CompleteAsync(code, state, GoogleTesting.RedirectUri));

        Assert.True(ex.StateRejected);
    }

    [Fact]
    public async Task Complete_ScopeNotGranted_StaysDisconnectedAndSaysWhich()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        google.GrantedScopes = [FakeGoogleServer.AllScopes[0], FakeGoogleServer.AllScopes[2]];
        var (code, state) = await host.ConsentAsync(google);

        var ex = await Assert.ThrowsAsync<GoogleConnectException>(() => host.Get<GoogleCalendarConnector>().CompleteAsync(code, state, GoogleTesting.RedirectUri));

        Assert.False(ex.StateRejected);
        Assert.Contains("calendar.freebusy", ex.Message);
        var status = await host.Get<GoogleCalendarConnector>().GetStatusAsync();
        Assert.Equal(GoogleCalendarState.Disconnected, status.State);
        Assert.Contains("calendar.freebusy", status.LastError);
    }

    [Fact]
    public async Task GetStatus_NoClientIdOrSecret_IsNotConfigured()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings(configured: false));

        var status = await host.Get<GoogleCalendarConnector>().GetStatusAsync();

        Assert.Equal(GoogleCalendarState.NotConfigured, status.State);
        await Assert.ThrowsAsync<GoogleConnectException>(() => host.Get<GoogleCalendarConnector>().BuildAuthorizationUrlAsync(GoogleTesting.RedirectUri));
    }

    [Fact]
    public async Task SaveClient_NotConfiguredBefore_MakesConnectPossible()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings(configured: false));

        var status = await host.Get<GoogleCalendarConnector>().SaveClientAsync(FakeGoogleServer.ClientId, FakeGoogleServer.ClientSecret);

        Assert.Equal(GoogleCalendarState.Disconnected, status.State);
        Assert.Equal(GoogleCalendarState.Connected, (await host.ConnectAsync(google)).State);
    }

    [Fact]
    public async Task ListCalendars_Connected_ReturnsWritableCalendarsPrimaryFirst()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);

        var calendars = await host.Get<GoogleCalendarConnector>().ListCalendarsAsync();

        Assert.Equal([FakeGoogleServer.PrimaryCalendarId, FakeGoogleServer.TeamCalendarId], calendars.Select(c => c.Id));
        Assert.True(calendars[0].IsPrimary);
        Assert.Contains("minAccessRole=writer", google.Requests.Last(r => r.Operation == "calendarList").PathAndQuery);
    }

    [Fact]
    public async Task ChooseCalendar_OneFromTheList_IsUsedForNewEvents()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);

        var status = await host.Get<GoogleCalendarConnector>().ChooseCalendarAsync(FakeGoogleServer.TeamCalendarId);
        var booking = await host.Get<BookingService>().CreateAsync("ann@example.com", GoogleTesting.Monday.At(new LocalTime(10, 0)));
        await host.Get<GoogleCalendarSync>().SyncBookingAsync(booking.Id);

        Assert.Equal("Team", status.CalendarName);
        Assert.Single(google.EventsIn(FakeGoogleServer.TeamCalendarId));
        Assert.Empty(google.EventsIn(FakeGoogleServer.PrimaryCalendarId));
    }

    [Fact]
    public async Task ChooseCalendar_NotInTheList_IsRefused()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);

        await Assert.ThrowsAsync<GoogleConnectException>(() => host.Get<GoogleCalendarConnector>().ChooseCalendarAsync(FakeGoogleServer.ReadOnlyCalendarId));

        Assert.Equal(FakeGoogleServer.PrimaryCalendarId, (await host.Get<GoogleCalendarConnector>().GetStatusAsync()).CalendarId);
    }

    [Fact]
    public async Task Disconnect_Connected_RevokesAndForgetsTokens()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);

        var status = await host.Get<GoogleCalendarConnector>().DisconnectAsync();

        Assert.Equal(GoogleCalendarState.Disconnected, status.State);
        Assert.Equal(1, google.Count("revoke"));
        var row = await host.WithDbAsync(db => Task.FromResult(db.CalendarConnections.Single()));
        Assert.Null(row.ProtectedRefreshToken);
        Assert.Null(row.ProtectedAccessToken);
    }
}
