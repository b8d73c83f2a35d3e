using Microsoft.Extensions.Options;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar.Google;

namespace OpenBooking.Tests.Calendar.Google;

public sealed class GoogleOptionsTests
{
    [Theory]
    [InlineData("Google:ApiBaseUrl", "googleapis/calendar")]
    [InlineData("Google:AuthBaseUrl", "ftp://accounts.example.com")]
    [InlineData("Google:RedirectUri", "/admin/google/callback")]
    public async Task Start_UrlNotAbsoluteHttp_FailsNamingTheKey(string key, string value)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            ToolsTestHost.StartAsync(settings: new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, ex.Message);
    }

    [Fact]
    public void TokenEndpoint_DefaultAuthBase_IsGooglesTokenHost()
    {
        var defaults = new GoogleOptions();
        var local = new GoogleOptions { AuthBaseUrl = "http://127.0.0.1:5555/" };

        Assert.Equal("https://accounts.google.com/o/oauth2/v2/auth", defaults.AuthorizationEndpoint);
        Assert.Equal("https://oauth2.googleapis.com/token", defaults.TokenEndpoint);
        Assert.Equal("https://oauth2.googleapis.com/revoke", defaults.RevokeEndpoint);
        Assert.Equal("http://127.0.0.1:5555/token", local.TokenEndpoint);
        Assert.False(defaults.IsConfigured);
    }
}
