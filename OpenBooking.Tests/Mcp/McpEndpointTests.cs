using System.Net;
using ModelContextProtocol.Client;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.Mcp;

public sealed class McpEndpointTests(McpWebHost host) : IClassFixture<McpWebHost>
{
    private static readonly string[] AllTools =
        ["cancel_booking", "check_availability", "create_booking", "find_free_slots", "get_business_info", "list_bookings", "list_services", "list_zaps", "reschedule_booking", "send_email_otp", "trigger_zap", "verify_email_otp"];

    [Fact]
    public async Task ListAndCallTools_DefaultProtocol_ServesAllToolsStatelessly()
    {
        await using var client = await host.ConnectAsync();

        var tools = await client.ListToolsAsync();
        var slots = await FindFreeSlotsAsync(client);

        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        Assert.Null(client.SessionId);
        Assert.Equal(AllTools, tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.NotEmpty(slots.Slots);
    }

    [Fact]
    public async Task ListAndCallTools_Pinned20251125_ServesAllToolsInASession()
    {
        await using var client = await host.ConnectAsync(protocolVersion: "2025-11-25");

        var tools = await client.ListToolsAsync();
        var slots = await FindFreeSlotsAsync(client);

        Assert.Equal("2025-11-25", client.NegotiatedProtocolVersion);
        Assert.NotNull(client.SessionId);
        Assert.Equal(AllTools, tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.NotEmpty(slots.Slots);
    }

    [Fact]
    public async Task CreateBooking_StaffKey_BooksWithoutVerificationToken()
    {
        await using var client = await host.ConnectAsync();
        var start = McpWebHost.UpcomingMonday(weeksLater: 1).At(new NodaTime.LocalTime(10, 0));

        var result = await client.CallToolAsync("create_booking", new Dictionary<string, object?>
        {
            ["email"] = "staff-booked@example.com",
            ["start"] = start.ToString("uuuu-MM-ddTHH:mm", null),
        });

        Assert.True(result.IsError != true, result.ErrorText());
        var booking = result.Structured<BookingInfo>();
        Assert.Equal("staff-booked@example.com", booking.Email);
        Assert.StartsWith(start.ToString("uuuu-MM-ddTHH:mm", null), booking.Start);
    }

    [Fact]
    public async Task Post_NoKey_Returns401WithBearerChallenge()
    {
        using var http = host.CreateHttpClient(apiKey: null);

        using var response = await http.SendAsync(McpHttpRequests.Initialize());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("unauthorized", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_WrongKey_Returns401()
    {
        using var http = host.CreateHttpClient(apiKey: "wrong-key");

        using var response = await http.SendAsync(McpHttpRequests.Initialize());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Connect_WrongKey_Throws401()
    {
        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => host.ConnectAsync(apiKey: "wrong-key"));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Post_NonInitializeWithoutSessionOrVersion_Returns400()
    {
        using var http = host.CreateHttpClient();

        using var response = await http.SendAsync(McpHttpRequests.ListTools(sessionId: null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_SessionOfAnotherKey_Returns403()
    {
        using var owner = host.CreateHttpClient();
        using var other = host.CreateHttpClient(McpWebHost.SecondApiKey);
        var sessionId = await McpHttpRequests.StartSessionAsync(owner);

        using var response = await other.SendAsync(McpHttpRequests.ListTools(sessionId));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Delete_Session_EndsTheSession()
    {
        using var http = host.CreateHttpClient();
        var sessionId = await McpHttpRequests.StartSessionAsync(http);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, McpHttpRequests.Path);
        delete.Headers.Add("Mcp-Session-Id", sessionId);

        using var deleted = await http.SendAsync(delete);
        using var afterwards = await http.SendAsync(McpHttpRequests.ListTools(sessionId));

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterwards.StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task GetOrDelete_StatelessProtocol_Returns405(string method)
    {
        using var http = host.CreateHttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), McpHttpRequests.Path);
        request.Headers.Add("Accept", "text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Post_UnsupportedProtocolVersion_Returns400()
    {
        using var http = host.CreateHttpClient();

        using var response = await http.SendAsync(McpHttpRequests.Post("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", protocolVersion: "1999-01-01"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("1999-01-01", await response.Content.ReadAsStringAsync());
    }

    private static async Task<FreeSlotsResult> FindFreeSlotsAsync(McpClient client)
    {
        var result = await client.CallToolAsync("find_free_slots", new Dictionary<string, object?>
        {
            ["fromDate"] = McpWebHost.UpcomingMonday().ToString("uuuu-MM-dd", null),
        });
        Assert.True(result.IsError != true, result.ErrorText());
        return result.Structured<FreeSlotsResult>();
    }
}
