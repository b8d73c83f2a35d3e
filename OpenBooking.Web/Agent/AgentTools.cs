using ModelContextProtocol.Protocol;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Web.Agent;

/// <summary>
/// The result of a tool call: a value, or the tool's own explanation of why it failed with its stable
/// <see cref="ErrorCode"/> (one of <see cref="ToolErrorCodes"/>), which is what the agent branches on.
/// </summary>
public readonly record struct ToolResult<T>(T? Value, string? Error, string? ErrorCode = null)
{
    public bool Ok => Error is null;
}

/// <summary>
/// The built-in agent's typed view of the co-hosted MCP tools. Every call goes through an MCP client
/// (in-memory transport), so the agent is held to exactly what any other MCP client may do.
/// </summary>
public sealed class AgentTools(InMemoryToolClients clients)
{
    /// <param name="clientAddress">The customer's browser address: the tool's limits count by it.</param>
    public Task<ToolResult<OtpSentResult>> SendEmailOtpAsync(string email, string? clientAddress, CancellationToken ct) =>
        CallAsync<OtpSentResult>("send_email_otp", new() { ["email"] = email }, ct, clientAddress);

    public Task<ToolResult<OtpVerifyResult>> VerifyEmailOtpAsync(string email, string code, string? clientAddress, CancellationToken ct) =>
        CallAsync<OtpVerifyResult>("verify_email_otp", new() { ["email"] = email, ["code"] = code }, ct, clientAddress);

    public Task<ToolResult<ServicesResult>> ListServicesAsync(CancellationToken ct) =>
        CallAsync<ServicesResult>("list_services", [], ct);

    public Task<ToolResult<BusinessInfo>> GetBusinessInfoAsync(CancellationToken ct) =>
        CallAsync<BusinessInfo>("get_business_info", [], ct);

    /// <param name="service">Service name or id; null lets the tool use the first service.</param>
    public Task<ToolResult<AvailabilityResult>> CheckAvailabilityAsync(string start, int? durationMinutes, string? service, CancellationToken ct) =>
        CallAsync<AvailabilityResult>("check_availability", new()
        {
            ["start"] = start,
            ["durationMinutes"] = durationMinutes,
            ["service"] = service,
        }, ct);

    public Task<ToolResult<FreeSlotsResult>> FindFreeSlotsAsync(
        string fromDate, string toDate, int? durationMinutes, string? fromTime, string? toTime, int maxResults, string? service, CancellationToken ct) =>
        CallAsync<FreeSlotsResult>("find_free_slots", new()
        {
            ["fromDate"] = fromDate,
            ["toDate"] = toDate,
            ["durationMinutes"] = durationMinutes,
            ["fromTime"] = fromTime,
            ["toTime"] = toTime,
            ["maxResults"] = maxResults,
            ["service"] = service,
        }, ct);

    public Task<ToolResult<BookingInfo>> CreateBookingAsync(string email, string token, string start, int? durationMinutes, string? service, CancellationToken ct) =>
        CallAsync<BookingInfo>("create_booking", new()
        {
            ["email"] = email,
            ["verificationToken"] = token,
            ["start"] = start,
            ["durationMinutes"] = durationMinutes,
            ["service"] = service,
        }, ct);

    public Task<ToolResult<BookingsResult>> ListBookingsAsync(string email, string token, CancellationToken ct) =>
        CallAsync<BookingsResult>("list_bookings", new() { ["email"] = email, ["verificationToken"] = token }, ct);

    public Task<ToolResult<BookingInfo>> CancelBookingAsync(string email, string token, string bookingId, CancellationToken ct) =>
        CallAsync<BookingInfo>("cancel_booking", new() { ["email"] = email, ["verificationToken"] = token, ["bookingId"] = bookingId }, ct);

    public Task<ToolResult<BookingInfo>> RescheduleBookingAsync(string email, string token, string bookingId, string newStart, int? durationMinutes, CancellationToken ct) =>
        CallAsync<BookingInfo>("reschedule_booking", new()
        {
            ["email"] = email,
            ["verificationToken"] = token,
            ["bookingId"] = bookingId,
            ["newStart"] = newStart,
            ["durationMinutes"] = durationMinutes,
        }, ct);

    private async Task<ToolResult<T>> CallAsync<T>(string tool, Dictionary<string, object?> arguments, CancellationToken ct, string? clientAddress = null)
    {
        foreach (var key in arguments.Where(a => a.Value is null).Select(a => a.Key).ToList())
        {
            arguments.Remove(key);
        }
        var result = await clients.CallAsync(tool, arguments, clientAddress, ct);
        return result.IsError == true
            ? new ToolResult<T>(default, result.ErrorText(), result.ErrorCode())
            : new ToolResult<T>(result.Structured<T>(), null);
    }
}
