using OpenBooking.Tests.Mcp;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.ExternalMcp;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.Tools.ExternalMcp;

/// <summary>
/// The app's MCP client for registered servers, against a second MCP server started by the test (our own web app on a
/// real Kestrel port, with its API key) and against one that is down.
/// </summary>
public sealed class ExternalMcpClientsTests(McpWebHost external) : IClassFixture<McpWebHost>
{
    [Fact]
    public async Task CallAsync_RegisteredServerWithBearerToken_CallsItsToolUnderAPrefixedName()
    {
        await using var host = await ToolsTestHost.StartAsync();
        await host.Get<McpServerRegistrations>().AddAsync(new McpServerInput("shop", external.McpEndpoint.ToString(), BearerToken: McpWebHost.ApiKey));
        var clients = host.Get<ExternalMcpClients>();

        var tools = await clients.GetToolsAsync();
        var result = await clients.CallAsync("shop__list_services", new Dictionary<string, object?>());

        // Every tool of the second server clashes with a co-hosted one, so all carry the server's prefix.
        Assert.Contains("shop__find_free_slots", tools.Select(t => t.Name));
        Assert.All(tools, t => Assert.StartsWith("shop__", t.Name));
        Assert.NotEqual(true, result.IsError);
        Assert.NotEmpty(result.Structured<ServicesResult>().Services);
        var status = Assert.Single(await clients.GetStatusAsync());
        Assert.Equal(ExternalMcpServerState.Connected, status.State);
        Assert.Contains("list_services", status.Tools);
    }

    [Fact]
    public async Task GetTools_OneServerDownAndOneRefusingTheKey_ReportsThemDownAndKeepsTheOthers()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var registrations = host.Get<McpServerRegistrations>();
        await registrations.AddAsync(new McpServerInput("down", "http://127.0.0.1:9/mcp"));
        await registrations.AddAsync(new McpServerInput("nokey", external.McpEndpoint.ToString(), BearerToken: "wrong-key"));
        await registrations.AddAsync(new McpServerInput("shop", external.McpEndpoint.ToString(), HeaderName: "Authorization", HeaderValue: $"Bearer {McpWebHost.ApiKey}"));
        var clients = host.Get<ExternalMcpClients>();
        clients.ConnectTimeout = TimeSpan.FromSeconds(5);

        var tools = await clients.GetToolsAsync();
        var statuses = await clients.GetStatusAsync();

        Assert.All(tools, t => Assert.Equal("shop", t.ServerName));
        Assert.NotEmpty(tools);
        Assert.Equal(
            [("down", ExternalMcpServerState.Down), ("nokey", ExternalMcpServerState.Down), ("shop", ExternalMcpServerState.Connected)],
            statuses.Select(s => (s.Name, s.State)));
        Assert.All(statuses.Where(s => s.State == ExternalMcpServerState.Down), s => Assert.False(string.IsNullOrWhiteSpace(s.Error)));
        Assert.Contains("list_services", (await host.Get<InMemoryToolClients>().GetToolsAsync()).Keys);
    }

    [Fact]
    public async Task Registrations_SecretsAreEncryptedAtRestAndNeverListed()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var registrations = host.Get<McpServerRegistrations>();

        var added = await registrations.AddAsync(new McpServerInput("zapier", "https://mcp.zapier.com/api/mcp/s/abc/mcp", BearerToken: "sk-secret-token"));
        var stored = await host.WithDbAsync(db => Task.FromResult(db.McpServerRegistrations.Single()));

        Assert.True(added.HasBearerToken);
        Assert.DoesNotContain("sk-secret-token", stored.ProtectedBearerToken);
        await Assert.ThrowsAsync<ArgumentException>(() => registrations.AddAsync(new McpServerInput("zapier", "https://example.com/mcp")));
        await Assert.ThrowsAsync<ArgumentException>(() => registrations.AddAsync(new McpServerInput("bad name", "https://example.com/mcp")));
        await Assert.ThrowsAsync<ArgumentException>(() => registrations.AddAsync(new McpServerInput("other", "not-a-url")));
    }
}
