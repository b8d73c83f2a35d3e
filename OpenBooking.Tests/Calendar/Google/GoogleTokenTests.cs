using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tools.Calendar.Google;

namespace OpenBooking.Tests.Calendar.Google;

public sealed class GoogleTokenTests
{
    [Fact]
    public async Task Call_AccessTokenAboutToExpire_RefreshesBeforeCalling()
    {
        await using var host = await GoogleTestHost.StartAsync();
        await host.ConnectAsync();
        var firstToken = host.Google.Requests.Last(r => r.Operation == "calendarList").Bearer;
        host.Clock.Advance(Duration.FromMinutes(56));

        await host.Client.ListCalendarsAsync();

        Assert.Equal(2, host.Google.Count("token"));
        var used = host.Google.Requests.Last(r => r.Operation == "calendarList").Bearer;
        Assert.NotEqual(firstToken, used);
        Assert.Equal(0, host.Google.Requests.Count(r => r.Operation == "calendarList" && r.Bearer != firstToken && r.Bearer != used));
    }

    [Fact]
    public async Task Call_AccessTokenStillFresh_UsesItWithoutRefreshing()
    {
        await using var host = await GoogleTestHost.StartAsync();
        await host.ConnectAsync();
        host.Clock.Advance(Duration.FromMinutes(50));

        await host.Client.ListCalendarsAsync();

        Assert.Equal(1, host.Google.Count("token"));
    }

    [Fact]
    public async Task Call_GoogleAnswers401_RefreshesOnceAndRetries()
    {
        await using var host = await GoogleTestHost.StartAsync();
        await host.ConnectAsync();
        host.Google.ExpireAccessTokens();

        var calendars = await host.Client.ListCalendarsAsync();

        Assert.NotEmpty(calendars);
        Assert.Equal(2, host.Google.Count("token"));
        Assert.Equal(3, host.Google.Count("calendarList")); // at connect, the 401, the retry
    }

    [Fact]
    public async Task Refresh_InvalidGrant_MarksDisconnectedWithReasonAndBookingsKeepWorking()
    {
        await using var host = await GoogleTestHost.StartAsync();
        await host.ConnectAsync();
        host.Google.AddBusy(FakeGoogleServer.PrimaryCalendarId, host.Offset(GoogleTestHost.Monday, 9), host.Offset(GoogleTestHost.Monday, 17));
        host.Google.RevokeGrants();
        host.Clock.Advance(Duration.FromHours(1));

        var slots = await host.Bookings.FindFreeSlotsAsync(GoogleTestHost.Monday, GoogleTestHost.Monday);
        var status = await host.Connector.GetStatusAsync();

        Assert.Equal(GoogleCalendarState.Disconnected, status.State);
        Assert.Contains("invalid_grant", status.LastError);
        Assert.Contains("Reconnect", status.LastError);
        // Google's busy day no longer counts: the built-in calendar answers.
        Assert.Equal(15, slots.Count);
        await host.Bookings.CreateAsync("still@example.com", GoogleTestHost.Monday.At(new LocalTime(9, 0)));
        await Assert.ThrowsAsync<GoogleNotConnectedException>(() => host.Client.ListCalendarsAsync());
    }

    [Fact]
    public async Task Tokens_AfterConnectAndRefresh_AreEncryptedAtRestAndNeverLogged()
    {
        await using var host = await GoogleTestHost.StartAsync();
        await host.ConnectAsync();
        host.Clock.Advance(Duration.FromMinutes(58));
        await host.Client.ListCalendarsAsync();
        host.Google.RevokeGrants();
        host.Clock.Advance(Duration.FromHours(1));
        var failure = await Assert.ThrowsAsync<GoogleNotConnectedException>(() => host.Client.ListCalendarsAsync());

        var row = await host.Tools.WithDbAsync(db => db.CalendarConnections.AsNoTracking().SingleAsync());
        var stored = string.Join('\n', row.ProtectedAccessToken, row.ProtectedRefreshToken, row.ProtectedCodeVerifier, row.LastError);
        var secrets = host.Google.Secrets;

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
        await using var host = await GoogleTestHost.StartAsync();
        await host.ConnectAsync();

        var row = await host.Tools.WithDbAsync(db => db.CalendarConnections.AsNoTracking().SingleAsync());

        Assert.NotNull(row.ProtectedRefreshToken);
        Assert.NotNull(row.ProtectedAccessToken);
        Assert.All(host.Google.Secrets, secret =>
        {
            Assert.DoesNotContain(secret, row.ProtectedRefreshToken, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, row.ProtectedAccessToken, StringComparison.Ordinal);
        });
        Assert.StartsWith("CfDJ8", row.ProtectedRefreshToken); // Data Protection's payload header
    }
}
