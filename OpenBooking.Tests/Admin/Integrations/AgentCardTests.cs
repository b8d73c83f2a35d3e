using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using NodaTime;
using OpenBooking.Tests.Calendar.Google;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar.Google;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Health;
using OpenBooking.Web.Admin;
using OpenBooking.Web.Admin.Integrations;
using OpenBooking.Web.Agent;
using OpenBooking.Web.Agent.Llm;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// The agent card over the real editor (a tools host with the agent's options, already on an OpenAI-compatible model):
/// validation names the field, the key is never rendered back, a save is audited and tells the page.
/// </summary>
/// <remarks>MudBlazor's services are async-disposable only, so the context is disposed through <see cref="IAsyncLifetime"/>.</remarks>
public sealed class AgentCardTests : BunitContext, IAsyncLifetime
{
    private const string Actor = "owner@example.com";
    private FakeGoogleServer google = null!;
    private ToolsTestHost host = null!;
    private int changes;

    public async Task InitializeAsync()
    {
        google = await FakeGoogleServer.StartAsync();
        host = await ToolsTestHost.StartAsync(
            settings: google.Settings(configured: false).With("Agent:Mode", "OpenAI").With("Agent:OpenAI:Endpoint", "http://127.0.0.1:9/v1"),
            configure: services => services.AddAgents());
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(host.IntegrationsEditor());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await host.DisposeAsync();
        await google.DisposeAsync();
    }

    private IRenderedComponent<AgentCard> RenderCard() => Render<AgentCard>(p => p
        .Add(c => c.Status, new IntegrationStatus("agent", IntegrationState.Ok, "OpenAI-compatible model", "Chat goes to the model."))
        .Add(c => c.Zone, DateTimeZoneProviders.Tzdb["Europe/Brussels"])
        .Add(c => c.Actor, Actor)
        .Add(c => c.OnChanged, () => changes++));

    [Fact]
    public void Save_ModelMissing_NamesTheSettingAndSavesNothing()
    {
        var cut = RenderCard();

        cut.InputLabelled("Model").Change("");
        cut.Find("form[aria-label='Agent settings']").Submit();

        cut.WaitForAssertion(() => Assert.StartsWith("Agent:OpenAI:Model: enter the model",
            cut.Find(".field-error[data-field='Agent:OpenAI:Model']").TextContent));
        Assert.Empty(cut.FindAll("[role=status]"));
        Assert.Equal(0, changes);
    }

    [Fact]
    public async Task Save_NewKey_IsStoredNeverShownBackAndAudited()
    {
        const string key = "sk-card-7c1f0e";
        var cut = RenderCard();
        Assert.Equal("API key (not set; local servers need none)", cut.Find("label[for='" + cut.InputLabelled("API key").Id + "']").TextContent.Trim());

        cut.InputLabelled("Model").Change("llama3.1");
        cut.InputLabelled("API key").Change(key);
        cut.Find("form[aria-label='Agent settings']").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Agent settings saved.", cut.Find("[role=status]").TextContent));
        Assert.Equal(1, changes);
        Assert.Equal("password", cut.InputLabelled("API key").GetAttribute("type"));
        Assert.DoesNotContain(key, cut.Markup);
        Assert.Contains("API key (set; leave empty to keep it)", cut.Markup);
        Assert.Contains("Remove the stored key", cut.Markup);
        var audit = await host.WithDbAsync(db => db.AuditEntries.Select(e => new { e.Actor, e.Summary }).SingleAsync());
        Assert.Equal(Actor, audit.Actor);
        Assert.Contains("Agent:OpenAI:ApiKey: changed (hidden)", audit.Summary);
        Assert.DoesNotContain(key, audit.Summary);
    }

    [Fact]
    public async Task TestConnection_FormValues_ReportsTheModelsAnswer()
    {
        await using var server = (await ScriptedModelServer.StartAsync()).Then(ScriptedReply.Text("OK"));
        var cut = RenderCard();

        cut.InputLabelled("Endpoint").Change(server.Endpoint.AbsoluteUri);
        cut.InputLabelled("Model").Change("stub-model");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Test connection").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("Connected: stub-model answered in", cut.Find("[data-testid=agent-test-result]").TextContent));
        Assert.Equal("status", cut.Find("[data-testid=agent-test-result]").GetAttribute("role"));
        Assert.Single(server.Requests);
        Assert.Equal(0, changes);
    }
}
