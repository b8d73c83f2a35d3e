using Bunit;
using Microsoft.EntityFrameworkCore;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Health;
using OpenBooking.Web.Admin;
using OpenBooking.Web.Admin.Integrations;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// The agent card over the real editor (a tools host with the agent's options, already on an OpenAI-compatible model):
/// validation names the field, the key is never rendered back, a save is audited and tells the page.
/// </summary>
public sealed class AgentCardTests : IntegrationsCardContext
{
    protected override TestSettings Settings() => new TestSettings().With("Agent:Mode", "OpenAI").With("Agent:OpenAI:Endpoint", "http://127.0.0.1:9/v1");

    private IRenderedComponent<AgentCard> RenderCard() => Render<AgentCard>(p => p
        .Add(c => c.Status, new IntegrationStatus("agent", IntegrationState.Ok, "OpenAI-compatible model", "Chat goes to the model."))
        .Add(c => c.Zone, Brussels)
        .Add(c => c.Actor, Actor)
        .Add(c => c.OnChanged, () => Changes++));

    [Fact]
    public void Save_ModelMissing_NamesTheSettingAndSavesNothing()
    {
        var cut = RenderCard();

        cut.InputLabelled("Model").Change("");
        cut.Find("form[aria-label='Agent settings']").Submit();

        cut.WaitForAssertion(() => Assert.StartsWith("Agent:OpenAI:Model: enter the model",
            cut.Find(".field-error[data-field='Agent:OpenAI:Model']").TextContent));
        Assert.Empty(cut.FindAll("[role=status]"));
        Assert.Equal(0, Changes);
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
        Assert.Equal(1, Changes);
        Assert.Equal("password", cut.InputLabelled("API key").GetAttribute("type"));
        Assert.DoesNotContain(key, cut.Markup);
        Assert.Contains("API key (set; leave empty to keep it)", cut.Markup);
        Assert.Contains("Remove the stored key", cut.Markup);
        var audit = await Host.WithDbAsync(db => db.AuditEntries.Select(e => new { e.Actor, e.Summary }).SingleAsync());
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
        Assert.Equal(0, Changes);
    }
}
