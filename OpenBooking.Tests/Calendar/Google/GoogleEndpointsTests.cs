using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar.Google;
using OpenBooking.Tools.Hosting;
using OpenBooking.Web.Admin;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tests.Calendar.Google;

/// <summary>The connect and callback endpoints in a web host (TestServer), with the browser's part played by the test.</summary>
public sealed class GoogleEndpointsTests : IAsyncLifetime
{
    private readonly string _dataDirectory = TempFolder.Create();
    private FakeGoogleServer _google = null!;
    private WebApplication _app = null!;
    private HttpClient _browser = null!;

    public async Task InitializeAsync()
    {
        _google = await FakeGoogleServer.StartAsync();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = _dataDirectory });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _dataDirectory,
            ["Google:ClientId"] = FakeGoogleServer.ClientId,
            ["Google:ClientSecret"] = FakeGoogleServer.ClientSecret,
            ["Google:ApiBaseUrl"] = _google.ApiBaseUrl,
            ["Google:AuthBaseUrl"] = _google.AuthBaseUrl,
            ["Google:SyncInterval"] = "00:00:00",
        });
        builder.Services.AddSingleton<IClock>(TestClock.At("2026-03-27T10:00"));
        builder.AddOpenBookingTools();
        _app = builder.Build();
        _app.MapGoogleEndpoints();
        await _app.StartAsync();
        _browser = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _google.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TempFolder.Delete(_dataDirectory);
    }

    [Fact]
    public async Task Connect_ThenCallbackWithGooglesAnswer_RedirectsToDashboardConnected()
    {
        using var connect = await _browser.GetAsync("/admin/google/connect");
        Assert.Equal(HttpStatusCode.Redirect, connect.StatusCode);
        Assert.StartsWith($"{_google.AuthBaseUrl}/o/oauth2/v2/auth?", connect.Headers.Location!.AbsoluteUri);
        Assert.Contains(Uri.EscapeDataString("http://localhost/admin/google/callback"), connect.Headers.Location.AbsoluteUri);

        var callback = await _google.ConsentAsync(connect.Headers.Location);
        using var back = await _browser.GetAsync(callback.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/admin/integrations?google=connected", back.Headers.Location!.OriginalString);
        var status = await _app.Services.GetRequiredService<GoogleCalendarConnector>().GetStatusAsync();
        Assert.Equal(GoogleCalendarState.Connected, status.State);
    }

    [Fact]
    public async Task Callback_StateNotIssuedHere_Returns400AndStaysDisconnected()
    {
        using var connect = await _browser.GetAsync("/admin/google/connect");
        var callback = await _google.ConsentAsync(connect.Headers.Location!);
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query)["code"];

        using var back = await _browser.GetAsync($"/admin/google/callback?code={Uri.EscapeDataString(code!)}&state=attacker");

        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
        Assert.Equal(0, _google.Count("token"));
        var status = await _app.Services.GetRequiredService<GoogleCalendarConnector>().GetStatusAsync();
        Assert.Equal(GoogleCalendarState.Disconnected, status.State);
    }

    [Fact]
    public async Task Callback_ConsentDeclined_RedirectsToDashboardWithTheReason()
    {
        using var connect = await _browser.GetAsync("/admin/google/connect");
        var state = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(connect.Headers.Location!.Query)["state"];

        using var back = await _browser.GetAsync($"/admin/google/callback?error=access_denied&state={Uri.EscapeDataString(state!)}");

        Assert.Equal("/admin/integrations?google=declined", back.Headers.Location!.OriginalString);
        var status = await _app.Services.GetRequiredService<GoogleCalendarConnector>().GetStatusAsync();
        Assert.Contains("access_denied", status.LastError);
    }
}
