using System.Net;

namespace OpenBooking.Tests.Mcp;

/// <summary>
/// Idle 2025-11-25 sessions are closed after Mcp:SessionIdleTimeoutMinutes (10 by default): the SDK prunes them on
/// its own timer, which here runs on the host's fake time.
/// </summary>
public sealed class McpSessionPruningTests(McpWebHost host) : IClassFixture<McpWebHost>
{
    [Fact]
    public async Task IdleSession_LongerThanTimeout_IsClosed()
    {
        using var http = host.CreateHttpClient();
        var sessionId = await McpHttpRequests.StartSessionAsync(http);

        host.SessionTime.Advance(TimeSpan.FromMinutes(11));
        var status = await PollStatusAsync(http, sessionId, until: HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task IdleSession_UsedWithinTimeout_StaysOpen()
    {
        using var http = host.CreateHttpClient();
        var sessionId = await McpHttpRequests.StartSessionAsync(http);

        host.SessionTime.Advance(TimeSpan.FromMinutes(9));
        using var afterwards = await http.SendAsync(McpHttpRequests.ListTools(sessionId));
        await afterwards.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    /// <summary>Lists tools in the session until it answers <paramref name="until"/> (pruning runs in the background), for at most 10 s.</summary>
    private static async Task<HttpStatusCode> PollStatusAsync(HttpClient http, string sessionId, HttpStatusCode until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var response = await http.SendAsync(McpHttpRequests.ListTools(sessionId));
            await response.Content.ReadAsStringAsync();
            if (response.StatusCode == until || DateTime.UtcNow > deadline)
            {
                return response.StatusCode;
            }
            await Task.Yield();
        }
    }
}
