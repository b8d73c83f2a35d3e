using Microsoft.AspNetCore.WebUtilities;
using NodaTime;
using OpenBooking.Tools.Calendar.Google;

namespace OpenBooking.Tests.Calendar.Google;

public sealed class GoogleCalendarConnectorTests
{
    [Fact]
    public async Task BuildAuthorizationUrl_Configured_AsksOfflineConsentWithPkceStateAndSmallScopes()
    {
        await using var host = await GoogleTestHost.StartAsync();

        var url = await host.Connector.BuildAuthorizationUrlAsync(GoogleTestHost.RedirectUri);

        Assert.Equal($"{host.Google.AuthBaseUrl}/o/oauth2/v2/auth", url.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(url.Query);
        Assert.Equal(FakeGoogleServer.ClientId, query["client_id"]);
        Assert.Equal(GoogleTestHost.RedirectUri, query["redirect_uri"]);
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
        await using var host = await GoogleTestHost.StartAsync();

        var status = await host.ConnectAsync();

        Assert.Equal(GoogleCalendarState.Connected, status.State);
        Assert.Equal(FakeGoogleServer.PrimaryCalendarId, status.CalendarId);
        Assert.Equal(FakeGoogleServer.PrimaryCalendarId, status.Account);
        Assert.Null(status.LastError);
        // The fake token endpoint only answers when the PKCE verifier matches the challenge of the consent URL.
        Assert.Equal(1, host.Google.Count("token"));
    }

    [Fact]
    public async Task Complete_WrongState_IsRefusedAndChangesNothing()
    {
        await using var host = await GoogleTestHost.StartAsync();
        var (code, state) = await host.ConsentAsync();

        var ex = await Assert.ThrowsAsync<GoogleConnectException>(() => host.Connector.CompleteAsync(code, "forged-state", GoogleTestHost.RedirectUri));

        Assert.True(ex.StateRejected);
        Assert.Equal(0, host.Google.Count("token"));
        Assert.Equal(GoogleCalendarState.Disconnected, (await host.Connector.GetStatusAsync()).State);
        // The genuine sign-in can still finish.
        Assert.Equal(GoogleCalendarState.Connected, (await host.Connector.CompleteAsync(code, state, GoogleTestHost.RedirectUri)).State);
    }

    [Fact]
    public async Task Complete_StateUsedTwice_SecondIsRefused()
    {
        await using var host = await GoogleTestHost.StartAsync();
        var (code, state) = await host.ConsentAsync();
        await host.Connector.CompleteAsync(code, state, GoogleTestHost.RedirectUri);

        var ex = await Assert.ThrowsAsync<GoogleConnectException>(() => host.Connector.CompleteAsync(code, state, GoogleTestHost.RedirectUri));

        Assert.True(ex.StateRejected);
        Assert.Equal(1, host.Google.Count("token"));
    }

    [Fact]
    public async Task Complete_StateOlderThanItsLifetime_IsRefused()
    {
        await using var host = await GoogleTestHost.StartAsync();
        var (code, state) = await host.ConsentAsync();
        host.Clock.Advance(GoogleCalendarConnector.StateLifetime + Duration.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<GoogleConnectException>(() => host.Connector.CompleteAsync(code, state, GoogleTestHost.RedirectUri));

        Assert.True(ex.StateRejected);
    }

    [Fact]
    public async Task Complete_ScopeNotGranted_StaysDisconnectedAndSaysWhich()
    {
        await using var host = await GoogleTestHost.StartAsync();
        host.Google.GrantedScopes = [FakeGoogleServer.AllScopes[0], FakeGoogleServer.AllScopes[2]];
        var (code, state) = await host.ConsentAsync();

        var ex = await Assert.ThrowsAsync<GoogleConnectException>(() => host.Connector.CompleteAsync(code, state, GoogleTestHost.RedirectUri));

        Assert.False(ex.StateRejected);
        Assert.Contains("calendar.freebusy", ex.Message);
        var status = await host.Connector.GetStatusAsync();
        Assert.Equal(GoogleCalendarState.Disconnected, status.State);
        Assert.Contains("calendar.freebusy", status.LastError);
    }

    [Fact]
    public async Task GetStatus_NoClientIdOrSecret_IsNotConfigured()
    {
        await using var host = await GoogleTestHost.StartAsync(configured: false);

        var status = await host.Connector.GetStatusAsync();

        Assert.Equal(GoogleCalendarState.NotConfigured, status.State);
        await Assert.ThrowsAsync<GoogleConnectException>(() => host.Connector.BuildAuthorizationUrlAsync(GoogleTestHost.RedirectUri));
    }

    [Fact]
    public async Task SaveClient_NotConfiguredBefore_MakesConnectPossible()
    {
        await using var host = await GoogleTestHost.StartAsync(configured: false);

        var status = await host.Connector.SaveClientAsync(FakeGoogleServer.ClientId, FakeGoogleServer.ClientSecret);

        Assert.Equal(GoogleCalendarState.Disconnected, status.State);
        Assert.Equal(GoogleCalendarState.Connected, (await host.ConnectAsync()).State);
    }

    [Fact]
    public async Task ListCalendars_Connected_ReturnsWritableCalendarsPrimaryFirst()
    {
        await using var host = await GoogleTestHost.StartAsync();
        await host.ConnectAsync();

        var calendars = await host.Connector.ListCalendarsAsync();

        Assert.Equal([FakeGoogleServer.PrimaryCalendarId, FakeGoogleServer.TeamCalendarId], calendars.Select(c => c.Id));
        Assert.True(calendars[0].IsPrimary);
        Assert.Contains("minAccessRole=writer", host.Google.Requests.Last(r => r.Operation == "calendarList").PathAndQuery);
    }

    [Fact]
    public async Task ChooseCalendar_OneFromTheList_IsUsedForNewEvents()
    {
        await using var host = await GoogleTestHost.StartAsync();
        await host.ConnectAsync();

        var status = await host.Connector.ChooseCalendarAsync(FakeGoogleServer.TeamCalendarId);
        var booking = await host.Bookings.CreateAsync("ann@example.com", GoogleTestHost.Monday.At(new LocalTime(10, 0)));
        await host.Sync.SyncBookingAsync(booking.Id);

        Assert.Equal("Team", status.CalendarName);
        Assert.Single(host.Google.EventsIn(FakeGoogleServer.TeamCalendarId));
        Assert.Empty(host.Google.EventsIn(FakeGoogleServer.PrimaryCalendarId));
    }

    [Fact]
    public async Task ChooseCalendar_NotInTheList_IsRefused()
    {
        await using var host = await GoogleTestHost.StartAsync();
        await host.ConnectAsync();

        await Assert.ThrowsAsync<GoogleConnectException>(() => host.Connector.ChooseCalendarAsync(FakeGoogleServer.ReadOnlyCalendarId));

        Assert.Equal(FakeGoogleServer.PrimaryCalendarId, (await host.Connector.GetStatusAsync()).CalendarId);
    }

    [Fact]
    public async Task Disconnect_Connected_RevokesAndForgetsTokens()
    {
        await using var host = await GoogleTestHost.StartAsync();
        await host.ConnectAsync();

        var status = await host.Connector.DisconnectAsync();

        Assert.Equal(GoogleCalendarState.Disconnected, status.State);
        Assert.Equal(1, host.Google.Count("revoke"));
        var row = await host.Tools.WithDbAsync(db => Task.FromResult(db.CalendarConnections.Single()));
        Assert.Null(row.ProtectedRefreshToken);
        Assert.Null(row.ProtectedAccessToken);
    }
}
