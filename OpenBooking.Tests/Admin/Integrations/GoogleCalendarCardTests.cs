using Bunit;
using OpenBooking.Tools.Health;
using OpenBooking.Web.Admin.Integrations;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// The Google Calendar card over the real editor and connector (a fake Google, no client saved yet): the client's fields
/// are named when missing, the secret is never rendered back, and "Connect" is a real link out of the app.
/// </summary>
public sealed class GoogleCalendarCardTests : IntegrationsCardContext
{
    private IRenderedComponent<GoogleCalendarCard> RenderCard() => Render<GoogleCalendarCard>(p => p
        .Add(c => c.Status, new IntegrationStatus("calendar", IntegrationState.NotConfigured, "Built-in calendar", "Bookings are kept in OpenBooking's database."))
        .Add(c => c.Zone, Brussels)
        .Add(c => c.Actor, Actor)
        .Add(c => c.OnChanged, () => Changes++));

    [Fact]
    public void Save_Empty_NamesBothSettingsAndOffersNoConnectLink()
    {
        var cut = RenderCard();
        cut.WaitForAssertion(() => Assert.StartsWith("Not configured", cut.Find("[data-testid=google-state]").TextContent));

        cut.Find("form[aria-label='Google OAuth client']").Submit();

        cut.WaitForAssertion(() => Assert.StartsWith("Google:ClientId:", cut.Find(".field-error[data-field='Google:ClientId']").TextContent));
        Assert.StartsWith("Google:ClientSecret:", cut.Find(".field-error[data-field='Google:ClientSecret']").TextContent);
        Assert.Empty(cut.FindAll("a[href='/admin/google/connect']"));
        Assert.Equal(0, Changes);
    }

    [Fact]
    public void Save_Client_OffersARealConnectLinkAndNeverShowsTheSecret()
    {
        const string secret = "GOCSPX-card-secret-91";
        var cut = RenderCard();

        cut.InputLabelled("OAuth client id").Change("12345-abc.apps.googleusercontent.com");
        cut.InputLabelled("OAuth client secret").Change(secret);
        cut.Find("form[aria-label='Google OAuth client']").Submit();

        cut.WaitForAssertion(() => Assert.Equal("Disconnected", cut.Find("[data-testid=google-state]").TextContent));
        var connect = cut.Find("a[href='/admin/google/connect']");
        Assert.Equal("false", connect.GetAttribute("data-enhance-nav"));
        Assert.Equal("Connect Google Calendar", connect.TextContent.Trim());
        Assert.Equal(1, Changes);
        Assert.Contains("OAuth client secret (set; leave empty to keep it)", cut.Markup);
        Assert.Equal("password", cut.InputLabelled("OAuth client secret (set; leave empty to keep it)").GetAttribute("type"));
        Assert.DoesNotContain(secret, cut.Markup);
    }
}
