using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace OpenBooking.Tools.Mcp;

/// <summary>
/// The stable codes of refused tool calls, sent as <c>_meta.errorCode</c>. Agents, the manage page and any MCP
/// client branch on these, never on the wording of the message, which is for people and may change.
/// </summary>
public static class ToolErrorCodes
{
    /// <summary>The time overlaps a booking that was there first.</summary>
    public const string SlotTaken = "slot_taken";

    /// <summary>The time is outside the weekly opening hours (or the service does not fit before closing).</summary>
    public const string OutsideOpeningHours = "outside_opening_hours";

    /// <summary>The business is closed that day (a closure or holiday).</summary>
    public const string Closed = "closed";

    public const string InThePast = "in_the_past";

    /// <summary>Closer to now than the service's minimum notice.</summary>
    public const string TooSoon = "too_soon";

    /// <summary>Beyond the service's booking horizon.</summary>
    public const string TooFarAhead = "too_far_ahead";

    /// <summary>A local time skipped by a daylight-saving change.</summary>
    public const string TimeDoesNotExist = "time_does_not_exist";

    /// <summary>The email has no valid verification token (and the caller is not staff).</summary>
    public const string NotVerified = "not_verified";

    /// <summary>No booking, service or zap by that id or name (for this customer).</summary>
    public const string NotFound = "not_found";

    /// <summary>An argument is missing or malformed; the message names it.</summary>
    public const string InvalidArgument = "invalid_argument";

    public const string RateLimited = "rate_limited";

    /// <summary>The booking starts too soon (or has started) to be moved or cancelled online.</summary>
    public const string TooLateToChange = "too_late_to_change";

    /// <summary>The booking was cancelled, so it cannot be moved.</summary>
    public const string BookingCancelled = "booking_cancelled";

    /// <summary>An email or webhook provider did not take the message.</summary>
    public const string DeliveryFailed = "delivery_failed";

    /// <summary>The database could not be reached for a moment; nothing was done, and the same call can be made again shortly.</summary>
    public const string TemporarilyUnavailable = "temporarily_unavailable";

    /// <summary>The name under which the code travels in a result's <c>_meta</c>.</summary>
    public const string MetaKey = "errorCode";
}

/// <summary>
/// A tool call refused for a reason the caller can act on. The message is what a person should read; the code is
/// one of <see cref="ToolErrorCodes"/>. <see cref="ToolErrorFilter"/> turns it into an <c>isError</c> result (<see cref="ToolResults.Error"/>).
/// </summary>
public sealed class ToolException(string errorCode, string message) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;

    public static ToolException InvalidArgument(string message) => new(ToolErrorCodes.InvalidArgument, message);
}

/// <summary>Builds and reads tool results: the wire form of a refused call, and a successful call's structured content.</summary>
public static class ToolResults
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// <c>isError: true</c>, the message as the one text block, the code in <c>_meta</c>, and no structured content:
    /// clients check structured content against the tool's output schema even on errors.
    /// </summary>
    public static CallToolResult Error(string errorCode, string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
        Meta = new JsonObject { [ToolErrorCodes.MetaKey] = errorCode },
    };

    /// <summary>The code of a refused call, or null when the call succeeded or came without one.</summary>
    public static string? ErrorCode(this CallToolResult result) =>
        result.IsError == true && result.Meta?[ToolErrorCodes.MetaKey] is JsonValue value && value.TryGetValue<string>(out var code)
            ? code
            : null;

    /// <summary>The message of a refused call: its text blocks.</summary>
    public static string ErrorText(this CallToolResult result) =>
        string.Join(" ", result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    /// <summary>A successful call's structured content as <typeparamref name="T"/>.</summary>
    public static T Structured<T>(this CallToolResult result) =>
        result.StructuredContent is { } json
            ? json.Deserialize<T>(Web) ?? throw new InvalidOperationException("The tool returned an empty result.")
            : throw new InvalidOperationException($"The tool returned no structured content: {result.ErrorText()}");
}
