using ModelContextProtocol.Client;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.Mcp;

/// <summary>The built tool host (<c>OpenBooking.Tools --stdio</c>) as a child process, the way Claude Desktop starts it.</summary>
public sealed class StdioToolHostTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("openbooking-stdio-").FullName;

    // The test project references OpenBooking.Tools, so its self-contained apphost is copied next to the tests.
    private static string ToolsAppHost =>
        Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "OpenBooking.Tools.exe" : "OpenBooking.Tools");

    [Fact]
    public async Task StdioHost_ListAndCallTools_ServesAllToolsAsStaff()
    {
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "openbooking-stdio",
            Command = ToolsAppHost,
            Arguments = ["--stdio"],
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["Storage__DataDirectory"] = _dataDirectory,
                ["DOTNET_ENVIRONMENT"] = "Development",
            },
        }), new McpClientOptions
        {
            // The client probes for the stateless revision first and falls back to initialize after this long; a
            // slow start of the child process (a busy CI machine) must not be mistaken for an older server.
            DiscoverProbeTimeout = TimeSpan.FromSeconds(60),
        });
        var start = McpWebHost.UpcomingMonday().At(new NodaTime.LocalTime(11, 0)).ToString("uuuu-MM-ddTHH:mm", null);

        var tools = await client.ListToolsAsync();
        var availability = await client.CallToolAsync("check_availability", new Dictionary<string, object?> { ["start"] = start });
        var booking = await client.CallToolAsync("create_booking", new Dictionary<string, object?>
        {
            ["email"] = "stdio@example.com",
            ["start"] = start,
        });

        Assert.Equal(
            ["cancel_booking", "check_availability", "create_booking", "find_free_slots", "get_business_info", "list_bookings", "list_services", "list_zaps", "reschedule_booking", "send_email_otp", "trigger_zap", "verify_email_otp"],
            tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.True(availability.IsError != true, availability.ErrorText());
        Assert.True(availability.Structured<AvailabilityResult>().Available);
        Assert.True(booking.IsError != true, booking.ErrorText());
        Assert.Equal("stdio@example.com", booking.Structured<BookingInfo>().Email);
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);
}
