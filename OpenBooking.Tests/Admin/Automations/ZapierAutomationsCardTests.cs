using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Web.Admin.Automations;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// The Zapier card over the real editor: a bad zap URL is refused by name; saved hook URLs and the signing secret show
/// only as "set" with the host, never their path or value.
/// </summary>
/// <remarks>MudBlazor's services are async-disposable only, so the context is disposed through <see cref="IAsyncLifetime"/>.</remarks>
public sealed class ZapierAutomationsCardTests : BunitContext, IAsyncLifetime
{
    private ToolsTestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await ToolsTestHost.StartAsync();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(host.AutomationsEditor());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await host.DisposeAsync();
    }

    private IRenderedComponent<ZapierAutomationsCard> RenderCard() => Render<ZapierAutomationsCard>(p => p.Add(c => c.Actor, "owner@example.com"));

    private static void Click(IRenderedComponent<ZapierAutomationsCard> cut, string button) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == button).Click();

    [Fact]
    public void Save_ZapWithoutAValidUrl_NamesTheFieldAndSavesNothing()
    {
        var cut = RenderCard();

        Click(cut, "Add zap");
        cut.InputLabelled("Zap 1 name").Change("notify-slack");
        cut.InputLabelled("Zap 1 hook URL").Change("not a url");
        cut.Find("form[aria-label='Zapier settings']").Submit();

        cut.WaitForAssertion(() => Assert.StartsWith("Zapier:Zaps:0:HookUrl:", cut.Find(".field-error[data-field='Zapier:Zaps:0:HookUrl']").TextContent));
        Assert.Empty(cut.FindAll("[role=status]"));
    }

    [Fact]
    public async Task Save_HookZapAndSecret_ShowsOnlyHostsAndAuditsWithoutSecrets()
    {
        var cut = RenderCard();

        cut.InputLabelled("Booking created hook URL").Change("https://hooks.zapier.com/hooks/catch/1/createdpath/");
        Click(cut, "Add zap");
        cut.InputLabelled("Zap 1 name").Change("notify-slack");
        cut.InputLabelled("Zap 1 hook URL").Change("https://hooks.zapier.com/hooks/catch/1/slackpath/");
        cut.InputLabelled("Signing secret").Change("sign-s3cret");
        cut.Find("form[aria-label='Zapier settings']").Submit();

        cut.WaitForAssertion(() => Assert.Equal("Zapier settings saved.", cut.Find("[role=status]").TextContent));
        Assert.Contains("Booking created (set: hooks.zapier.com/…; leave empty to keep it)", cut.Markup);
        Assert.Contains("Zap 1 hook URL (set: hooks.zapier.com/…; leave empty to keep it)", cut.Markup);
        Assert.Contains("Signing secret (set; leave empty to keep it)", cut.Markup);
        Assert.Equal("password", cut.InputLabelled("Signing secret").GetAttribute("type"));
        foreach (var secret in new[] { "createdpath", "slackpath", "s3cret" })
        {
            Assert.DoesNotContain(secret, cut.Markup);
        }
        var audit = await host.WithDbAsync(db => db.AuditEntries.Select(e => e.Summary).SingleAsync());
        Assert.Contains("zap 'notify-slack' added (hook on hooks.zapier.com)", audit);
        Assert.DoesNotContain("slackpath", audit);
    }

    [Fact]
    public void Remove_StoredHook_IsOfferedOnlyOnceAHookIsSet()
    {
        var cut = RenderCard();
        Assert.Empty(cut.FindAll("input[type=checkbox]"));

        cut.InputLabelled("Reminder due hook URL").Change("https://hooks.zapier.com/hooks/catch/1/reminderpath/");
        cut.Find("form[aria-label='Zapier settings']").Submit();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("input[type=checkbox]")));
        Assert.Contains("Remove the Reminder due hook", cut.Markup);
    }
}
