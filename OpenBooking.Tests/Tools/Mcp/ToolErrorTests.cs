using System.Text.Json;
using ModelContextProtocol.Protocol;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.Tools.Mcp;

/// <summary>
/// Refused calls, as a real MCP client sees them: <c>isError</c>, one text block for a person, the stable code in
/// <c>_meta.errorCode</c> and no structured content (clients validate structured content against the output schema).
/// The clock is Friday 2026-03-27 10:00 in Brussels; the business is open Monday to Friday 09:00-17:00.
/// </summary>
public sealed class ToolErrorTests : IAsyncLifetime
{
    private ToolsTestHost host = null!;

    private InMemoryToolClients Clients => host.Get<InMemoryToolClients>();

    public async Task InitializeAsync() => host = await ToolsTestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("2026-03-30T19:00", ToolErrorCodes.OutsideOpeningHours)]
    [InlineData("2026-03-28T10:00", ToolErrorCodes.OutsideOpeningHours)]
    [InlineData("2026-03-26T10:00", ToolErrorCodes.InThePast)]
    [InlineData("2027-06-01T10:00", ToolErrorCodes.TooFarAhead)]
    [InlineData("2026-03-30 at three", ToolErrorCodes.InvalidArgument)]
    public async Task CreateBooking_RefusedStart_CarriesItsCode(string start, string code)
    {
        var result = await Clients.CallAsync("create_booking", await VerifiedAsync(start));

        AssertRefused(result, code);
    }

    [Fact]
    public async Task CreateBooking_OnAClosure_IsClosed()
    {
        await host.WithDbAsync(async db =>
        {
            db.Closures.Add(new Closure { From = new NodaTime.LocalDate(2026, 3, 30), To = new NodaTime.LocalDate(2026, 3, 31), Reason = "Inventory" });
            return await db.SaveChangesAsync();
        });

        var result = await Clients.CallAsync("create_booking", await VerifiedAsync("2026-03-30T10:00"));

        AssertRefused(result, ToolErrorCodes.Closed);
    }

    [Fact]
    public async Task CreateBooking_SlotBookedByAnother_IsSlotTakenWithAlternatives()
    {
        await host.Get<BookingService>().CreateAsync("first@example.com", new NodaTime.LocalDateTime(2026, 3, 30, 15, 0));

        var result = await Clients.CallAsync("create_booking", await VerifiedAsync("2026-03-30T15:00", "second@example.com"));

        AssertRefused(result, ToolErrorCodes.SlotTaken);
        Assert.Contains("Nearest free slots", result.ErrorText());
    }

    [Fact]
    public async Task CreateBooking_ForgedToken_IsNotVerified()
    {
        var result = await Clients.CallAsync("create_booking", new Dictionary<string, object?>
        {
            ["email"] = "john@example.com",
            ["start"] = "2026-03-30T15:00",
            ["verificationToken"] = "forged.token",
        });

        AssertRefused(result, ToolErrorCodes.NotVerified);
    }

    [Fact]
    public async Task CancelBooking_IdThatIsNotAGuid_IsInvalidArgumentNamingIt()
    {
        var result = await Clients.CallAsync("cancel_booking", new Dictionary<string, object?>
        {
            ["email"] = "john@example.com",
            ["bookingId"] = "my booking",
            ["verificationToken"] = await VerifiedTokenAsync("john@example.com"),
        });

        AssertRefused(result, ToolErrorCodes.InvalidArgument);
        Assert.Contains("bookingId", result.ErrorText());
    }

    [Fact]
    public async Task CancelBooking_UnknownId_IsNotFound()
    {
        var result = await Clients.CallAsync("cancel_booking", new Dictionary<string, object?>
        {
            ["email"] = "john@example.com",
            ["bookingId"] = Guid.NewGuid().ToString(),
            ["verificationToken"] = await VerifiedTokenAsync("john@example.com"),
        });

        AssertRefused(result, ToolErrorCodes.NotFound);
    }

    [Fact]
    public async Task FindFreeSlots_DateThatDoesNotParse_IsInvalidArgumentNotAProtocolError()
    {
        var result = await Clients.CallAsync("find_free_slots", new Dictionary<string, object?> { ["fromDate"] = "next tuesday" });

        AssertRefused(result, ToolErrorCodes.InvalidArgument);
        Assert.Contains("fromDate", result.ErrorText());
    }

    [Fact]
    public async Task FindFreeSlots_RequiredArgumentMissing_IsInvalidArgument()
    {
        var result = await Clients.CallAsync("find_free_slots", new Dictionary<string, object?>());

        AssertRefused(result, ToolErrorCodes.InvalidArgument);
    }

    [Fact]
    public async Task CheckAvailability_NumberOfTheWrongType_IsInvalidArgument()
    {
        var result = await Clients.CallAsync("check_availability", new Dictionary<string, object?>
        {
            ["start"] = "2026-03-30T15:00",
            ["durationMinutes"] = "an hour",
        });

        AssertRefused(result, ToolErrorCodes.InvalidArgument);
    }

    [Fact]
    public async Task TriggerZap_UnknownZap_IsNotFound()
    {
        var result = await Clients.CallAsync("trigger_zap", new Dictionary<string, object?>
        {
            ["name"] = "Nope",
            ["payload"] = new Dictionary<string, object?> { ["email"] = "john@example.com" },
        });

        AssertRefused(result, ToolErrorCodes.NotFound);
    }

    [Fact]
    public async Task ListTools_EveryParameter_DeclaresItsType()
    {
        var tools = await Clients.GetToolsAsync();

        var untyped = tools.Values
            .SelectMany(t => t.Tool.InputSchema.GetProperty("properties").EnumerateObject().Select(p => (Tool: t.Tool.Name, Parameter: p)))
            .Where(p => !p.Parameter.Value.TryGetProperty("type", out _))
            .Select(p => $"{p.Tool}.{p.Parameter.Name}");
        var payload = tools["trigger_zap"].Tool.InputSchema.GetProperty("properties").GetProperty("payload");

        Assert.Empty(untyped);
        Assert.Equal("object", payload.GetProperty("type").GetString());
    }

    private async Task<Dictionary<string, object?>> VerifiedAsync(string start, string email = "john@example.com") => new()
    {
        ["email"] = email,
        ["start"] = start,
        ["verificationToken"] = await VerifiedTokenAsync(email),
    };

    private async Task<string> VerifiedTokenAsync(string email)
    {
        await Clients.CallAsync("send_email_otp", new Dictionary<string, object?> { ["email"] = email });
        var code = OtpCodes.In(host.Get<OpenBooking.Tools.Email.PickupMailbox>().ReadNewest().First().TextBody);
        var verified = await Clients.CallAsync("verify_email_otp", new Dictionary<string, object?> { ["email"] = email, ["code"] = code });
        return verified.Structured<OpenBooking.Tools.Email.OtpVerifyResult>().VerificationToken!;
    }

    private static void AssertRefused(CallToolResult result, string code)
    {
        Assert.True(result.IsError, "The call should have been refused.");
        Assert.Equal(code, result.ErrorCode());
        Assert.Null(result.StructuredContent);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content));
        Assert.DoesNotContain("An error occurred invoking", text.Text);
        Assert.False(string.IsNullOrWhiteSpace(text.Text));
    }
}
