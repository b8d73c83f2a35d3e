using System.Text.Json;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.Tools.Hosting;

/// <summary>A real MCP client talking to the co-hosted tool servers over the in-memory transport.</summary>
public sealed class ToolServerRoundTripTests
{
    [Fact]
    public async Task ListTools_CoHostedServers_PinsNamesRequiredArgumentsAndHints()
    {
        await using var host = await ToolsTestHost.StartAsync();

        var tools = await host.Get<InMemoryToolClients>().GetToolsAsync();

        var pinned = tools.Values
            .Select(t => $"{t.Tool.Name}({string.Join(",", Required(t.Tool.InputSchema))}) " + (t.Tool.Annotations?.ReadOnlyHint == true
                ? "readOnly"
                : $"destructive={t.Tool.Annotations?.DestructiveHint}"))
            .Order()
            .ToList();
        Assert.Equal(
        [
            "cancel_booking(email,bookingId) destructive=True",
            "check_availability(start) readOnly",
            "create_booking(email,start) destructive=False",
            "find_free_slots(fromDate) readOnly",
            "get_business_info() readOnly",
            "list_bookings(email) readOnly",
            "list_services() readOnly",
            "list_zaps() readOnly",
            "reschedule_booking(email,bookingId,newStart) destructive=False",
            "send_email_otp(email) destructive=False",
            "trigger_zap(name,payload) destructive=False",
            "verify_email_otp(email,code) destructive=False",
        ], pinned);
        Assert.All(tools.Values, t => Assert.False(string.IsNullOrWhiteSpace(t.Tool.Description)));
        Assert.All(tools.Values, t => Assert.NotNull(t.Tool.OutputSchema));
    }

    [Fact]
    public async Task CreateBooking_WithoutVerification_IsRefusedByTheTool()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var clients = host.Get<InMemoryToolClients>();

        var result = await clients.CallAsync("create_booking", new Dictionary<string, object?>
        {
            ["email"] = "john@example.com",
            ["start"] = "2026-03-30T15:00",
            ["verificationToken"] = "forged.token",
        });

        Assert.True(result.IsError);
        Assert.Equal(ToolErrorCodes.NotVerified, result.ErrorCode());
        Assert.Empty(await host.Get<BookingService>().ListUpcomingAsync("john@example.com"));
    }

    [Fact]
    public async Task VerifiedFlow_SendVerifyBookList_RoundTripsStructuredResults()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var clients = host.Get<InMemoryToolClients>();

        var sent = await clients.CallAsync("send_email_otp", new Dictionary<string, object?> { ["email"] = "john@example.com" });
        Assert.NotEqual(true, sent.IsError);
        var mail = Assert.Single(host.Get<PickupMailbox>().ReadNewest());
        var code = OtpCodes.In(mail.TextBody);

        var verified = (await clients.CallAsync("verify_email_otp", new Dictionary<string, object?> { ["email"] = "john@example.com", ["code"] = code }))
            .Structured<OtpVerifyResult>();
        var booked = (await clients.CallAsync("create_booking", new Dictionary<string, object?>
        {
            ["email"] = "john@example.com",
            ["start"] = "2026-03-30T15:00",
            ["verificationToken"] = verified.VerificationToken,
        })).Structured<BookingInfo>();
        var listed = (await clients.CallAsync("list_bookings", new Dictionary<string, object?>
        {
            ["email"] = "john@example.com",
            ["verificationToken"] = verified.VerificationToken,
        })).Structured<BookingsResult>();

        Assert.Equal("john@example.com", mail.To.Trim('<', '>'));
        Assert.True(verified.Verified);
        Assert.Equal("2026-03-30T15:00:00+02:00", booked.Start);
        Assert.Equal("2026-03-30T16:00:00+02:00", booked.End);
        Assert.Equal("Europe/Brussels", booked.TimeZone);
        Assert.StartsWith("/booking/", booked.ManageUrl);
        Assert.Equal(booked.BookingId, Assert.Single(listed.Bookings).BookingId);
    }

    [Fact]
    public async Task CheckAvailability_FreeSlot_StructuredContentHasEveryMemberTheSchemaRequires()
    {
        await using var host = await ToolsTestHost.StartAsync();

        var result = await host.Get<InMemoryToolClients>().CallAsync("check_availability", new Dictionary<string, object?> { ["start"] = "2026-03-30T15:00" });
        var tool = (await host.Get<InMemoryToolClients>().GetToolsAsync())["check_availability"].Tool;

        var content = result.StructuredContent!.Value;
        Assert.True(content.GetProperty("available").GetBoolean());
        Assert.Equal(JsonValueKind.Null, content.GetProperty("reason").ValueKind);
        Assert.All(Required(tool.OutputSchema!.Value), name => Assert.True(content.TryGetProperty(name, out _), name));
    }

    private static IEnumerable<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!) : [];
}
