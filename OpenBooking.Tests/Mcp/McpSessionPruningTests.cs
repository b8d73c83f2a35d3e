using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenBooking.Web.Mcp;

namespace OpenBooking.Tests.Mcp;

/// <summary>Idle 2025-11-25 sessions are closed after Mcp:SessionIdleTimeoutMinutes (10 by default).</summary>
public sealed class McpSessionPruningTests(McpWebHost host) : IClassFixture<McpWebHost>
{
    [Fact]
    public async Task PruneIdleSessions_SessionIdleLongerThanTimeout_ClosesSession()
    {
        using var http = host.CreateHttpClient();
        var sessionId = await McpHttpRequests.StartSessionAsync(http);
        var sessions = host.Services.GetRequiredService<McpSessionStore>();

        host.Time.Advance(TimeSpan.FromMinutes(11));
        var closed = await sessions.PruneIdleSessionsAsync();
        using var afterwards = await http.SendAsync(McpHttpRequests.ListTools(sessionId));

        Assert.True(closed >= 1);
        Assert.False(sessions.TryGet(sessionId, out _));
        Assert.Equal(HttpStatusCode.NotFound, afterwards.StatusCode);
    }

    [Fact]
    public async Task PruneIdleSessions_SessionUsedWithinTimeout_KeepsSession()
    {
        using var http = host.CreateHttpClient();
        var sessionId = await McpHttpRequests.StartSessionAsync(http);
        var sessions = host.Services.GetRequiredService<McpSessionStore>();

        host.Time.Advance(TimeSpan.FromMinutes(9));
        await sessions.PruneIdleSessionsAsync();
        using var afterwards = await http.SendAsync(McpHttpRequests.ListTools(sessionId));
        await afterwards.Content.ReadAsStringAsync();

        Assert.True(sessions.TryGet(sessionId, out _));
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }
}
