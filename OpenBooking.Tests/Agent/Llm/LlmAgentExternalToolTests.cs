using System.Text.Json.Nodes;
using OpenBooking.Tests.Mcp;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.ExternalMcp;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.Agent.Llm;

/// <summary>
/// The scripted model calls a tool of an external MCP server the admin registered (a second copy of our app on a real
/// Kestrel port, reached over Streamable HTTP with its key), and one of a server that is down.
/// </summary>
public sealed class LlmAgentExternalToolTests(McpWebHost external) : IClassFixture<McpWebHost>
{
    [Fact]
    public async Task ScriptedModel_CallsAnExternalServersTool_ThroughItsMcpClient()
    {
        await using var chat = await ScriptedLlmChat.StartAsync();
        var registrations = chat.Host.Get<McpServerRegistrations>();
        await registrations.AddAsync(new McpServerInput("shop", external.McpEndpoint.ToString(), BearerToken: McpWebHost.ApiKey));
        await registrations.AddAsync(new McpServerInput("down", "http://127.0.0.1:9/mcp"));
        chat.Host.Get<ExternalMcpClients>().ConnectTimeout = TimeSpan.FromSeconds(5);
        chat.Model.Then(
            ScriptedReply.Call("shop-list_services", new { }),
            ScriptedReply.From(request => ScriptedReply.Text(
                "The shop offers: " + JsonNode.Parse(request.ToolResults.Values.Single())!["services"]![0]!["name"])));

        var replies = await chat.SayAsync("what does the shop offer?");

        Assert.Equal(["The shop offers: Appointment"], replies);
        var offered = chat.Model.Requests[0].ToolNames;
        // The external server is a plugin of its own, beside the co-hosted calendar.
        Assert.Contains("shop-list_services", offered);
        Assert.Contains("calendar-list_services", offered);
        Assert.DoesNotContain(offered, name => name.StartsWith("down-", StringComparison.Ordinal));
    }
}
