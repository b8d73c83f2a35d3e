using System.Net.Http.Headers;
using System.Text;

namespace OpenBooking.Tests.Mcp;

/// <summary>Raw Streamable HTTP requests, for what an SDK client never sends (no key, a stale session, ...).</summary>
internal static class McpHttpRequests
{
    public const string Path = "/mcp";

    public static HttpRequestMessage Post(string json, string? sessionId = null, string? protocolVersion = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }
        if (protocolVersion is not null)
        {
            request.Headers.Add("MCP-Protocol-Version", protocolVersion);
        }
        return request;
    }

    public static HttpRequestMessage Initialize() => Post(
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"tests","version":"1.0"}}}""");

    public static HttpRequestMessage ListTools(string? sessionId) =>
        Post("""{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}""", sessionId, sessionId is null ? null : "2025-11-25");

    /// <summary>Starts a 2025-11-25 session and returns its id, reading each response to its end.</summary>
    public static async Task<string> StartSessionAsync(HttpClient http)
    {
        using var initialize = await http.SendAsync(Initialize());
        initialize.EnsureSuccessStatusCode();
        await initialize.Content.ReadAsStringAsync();
        var sessionId = initialize.Headers.GetValues("Mcp-Session-Id").Single();
        using var initialized = await http.SendAsync(Post("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", sessionId, "2025-11-25"));
        initialized.EnsureSuccessStatusCode();
        return sessionId;
    }
}
