using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Calendar.Google;

namespace OpenBooking.Tests.Calendar.Google;

public sealed class GoogleTokenTests
{
    [Fact]
    public async Task Call_AccessTokenAboutToExpire_RefreshesBeforeCalling()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        var firstToken = google.Requests.Last(r => r.Operation == "calendarList").Bearer;
        host.Clock.Advance(Duration.FromMinutes(56));

        await host.Get<GoogleCalendarClient>().ListCalendarsAsync();

        Assert.Equal(2, google.Count("token"));
        var used = google.Requests.Last(r => r.Operation == "calendarList").Bearer;
        Assert.NotEqual(firstToken, used);
        Assert.Equal(0, google.Requests.Count(r => r.Operation == "calendarList" && r.Bearer != firstToken && r.Bearer != used));
    }

    [Fact]
    public async Task Call_AccessTokenStillFresh_UsesItWithoutRefreshing()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        host.Clock.Advance(Duration.FromMinutes(50));

        await host.Get<GoogleCalendarClient>().ListCalendarsAsync();

        Assert.Equal(1, google.Count("token"));
    }

    [Fact]
    public async Task Call_GoogleAnswers401_RefreshesOnceAndRetries()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        google.ExpireAccessTokens();

        var calendars = await host.Get<GoogleCalendarClient>().ListCalendarsAsync();

        Assert.NotEmpty(calendars);
        Assert.Equal(2, google.Count("token"));
        Assert.Equal(3, google.Count("calendarList")); // at connect, the 401, the retry
    }

    [Fact]
    public async Task Refresh_InvalidGrant_MarksDisconnectedWithReasonAndBookingsKeepWorking()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        google.AddBusy(FakeGoogleServer.PrimaryCalendarId, host.Offset(GoogleTesting.Monday, 9), host.Offset(GoogleTesting.Monday, 17));
        google.RevokeGrants();
        host.Clock.Advance(Duration.FromHours(1));

        var slots = await host.Get<BookingService>().FindFreeSlotsAsync(GoogleTesting.Monday, GoogleTesting.Monday);
        var status = await host.Get<GoogleCalendarConnector>().GetStatusAsync();

        Assert.Equal(GoogleCalendarState.Disconnected, status.State);
        Assert.Contains("invalid_grant", status.LastError);
        Assert.Contains("Reconnect", status.LastError);
        // Google's busy day no longer counts: the built-in calendar answers.
        Assert.Equal(15, slots.Count);
        await host.Get<BookingService>().CreateAsync("still@example.com", GoogleTesting.Monday.At(new LocalTime(9, 0)));
        await Assert.ThrowsAsync<GoogleNotConnectedException>(() => host.Get<GoogleCalendarClient>().ListCalendarsAsync());
    }

    [Fact]
    public async Task Tokens_AfterConnectAndRefresh_AreEncryptedAtRestAndNeverLogged()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);
        host.Clock.Advance(Duration.FromMinutes(58));
        await host.Get<GoogleCalendarClient>().ListCalendarsAsync();
        google.RevokeGrants();
        host.Clock.Advance(Duration.FromHours(1));
        var failure = await Assert.ThrowsAsync<GoogleNotConnectedException>(() => host.Get<GoogleCalendarClient>().ListCalendarsAsync());

        var row = await host.WithDbAsync(db => db.CalendarConnections.AsNoTracking().SingleAsync());
        var stored = string.Join('\n', row.ProtectedAccessToken, row.ProtectedRefreshToken, row.ProtectedCodeVerifier, row.LastError);
        var secrets = google.Secrets;

        Assert.True(secrets.Count >= 4); // client secret, code, refresh token, two access tokens
        // The HTTP traffic itself is logged (request lines of the token endpoint and the Calendar API) and checked.
        Assert.Contains(host.Logs.Lines, line => line.Contains("HttpClient.google-oauth", StringComparison.Ordinal) && line.Contains("/token", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, line => line.Contains("HttpClient.google-calendar", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, line => line.Contains("Google Calendar disconnected", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, failure.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Tokens_WhileConnected_AreStoredAsDataProtectionCiphertext()
    {
        await using var google = await FakeGoogleServer.StartAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: google.Settings());
        await host.ConnectAsync(google);

        var row = await host.WithDbAsync(db => db.CalendarConnections.AsNoTracking().SingleAsync());

        Assert.NotNull(row.ProtectedRefreshToken);
        Assert.NotNull(row.ProtectedAccessToken);
        Assert.All(google.Secrets, secret =>
        {
            Assert.DoesNotContain(secret, row.ProtectedRefreshToken, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, row.ProtectedAccessToken, StringComparison.Ordinal);
        });
        Assert.StartsWith("CfDJ8", row.ProtectedRefreshToken); // Data Protection's payload header
    }
}
