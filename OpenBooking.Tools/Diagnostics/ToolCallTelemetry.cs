using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NodaTime;

namespace OpenBooking.Tools.Diagnostics;

/// <summary>
/// Measures every MCP tool call on every transport (in-memory for the agent, <c>/mcp</c>, stdio): one span
/// <c>execute_tool {tool}</c> from the <see cref="ActivitySourceName"/> source, one measurement of the
/// <see cref="DurationMetric"/> histogram (seconds) from the <see cref="MeterName"/> meter, and one row for the
/// Usage page (<see cref="ToolUsageRecorder"/>). Arguments and results are never recorded: they carry
/// customers' emails, one-time codes and tokens.
/// </summary>
/// <remarks>
/// Tags on both: <c>gen_ai.tool.name</c> (the tool), <c>openbooking.tool.server</c> (calendar, email-otp, zapier),
/// <c>openbooking.tool.outcome</c> (<c>ok</c> or <c>error</c>) and, for errors, <c>error.type</c>: the result's
/// <c>_meta.errorCode</c> (e.g. <c>slot_taken</c>), <see cref="UnspecifiedErrorCode"/> for an error result
/// without one, <see cref="ExceptionErrorCode"/> when the tool threw.
/// </remarks>
public sealed class ToolCallTelemetry
{
    public const string ActivitySourceName = "OpenBooking";
    public const string MeterName = "OpenBooking";
    public const string DurationMetric = "openbooking.tool.call.duration";

    public const string ToolTag = "gen_ai.tool.name";
    public const string ServerTag = "openbooking.tool.server";
    public const string OutcomeTag = "openbooking.tool.outcome";
    public const string ErrorCodeTag = "error.type";

    public const string ExceptionErrorCode = "exception";
    public const string CancelledErrorCode = "cancelled";
    public const string UnspecifiedErrorCode = "unspecified";

    private const int MaxErrorCodeLength = 64;

    private static readonly ActivitySource Source = new(ActivitySourceName, typeof(ToolCallTelemetry).Assembly.GetName().Version?.ToString(3));

    private readonly Histogram<double> _duration;
    private readonly ToolUsageRecorder _recorder;
    private readonly IClock _clock;
    private readonly TimeProvider _time;

    public ToolCallTelemetry(IMeterFactory meters, ToolUsageRecorder recorder, IClock clock, TimeProvider time)
    {
        _duration = meters.Create(MeterName).CreateHistogram<double>(
            DurationMetric,
            unit: "s",
            description: "How long an MCP tool call took, by tool and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _recorder = recorder;
        _clock = clock;
        _time = time;
    }

    /// <summary>
    /// A call-tool filter for <see cref="McpServerOptions"/>. <paramref name="serverOf"/> names the server of a tool,
    /// or null for a name no server serves: those calls pass through unmeasured, so a client cannot fill the
    /// metrics and the database with made-up names.
    /// </summary>
    public McpRequestFilter<CallToolRequestParams, CallToolResult> CreateFilter(Func<string, string?> serverOf) => next => async (request, cancellationToken) =>
    {
        var tool = request.Params?.Name;
        if (tool is null || serverOf(tool) is not { } server)
        {
            return await next(request, cancellationToken);
        }

        var at = _clock.GetCurrentInstant();
        var started = _time.GetTimestamp();
        using var activity = Source.StartActivity($"execute_tool {tool}", ActivityKind.Internal);
        activity?.SetTag(ToolTag, tool);
        activity?.SetTag(ServerTag, server);
        string? errorCode = null;
        try
        {
            var result = await next(request, cancellationToken);
            if (result.IsError == true)
            {
                errorCode = ErrorCodeOf(result);
            }
            return result;
        }
        catch (Exception ex)
        {
            errorCode = ex is OperationCanceledException && cancellationToken.IsCancellationRequested ? CancelledErrorCode : ExceptionErrorCode;
            activity?.AddException(ex);
            throw;
        }
        finally
        {
            Complete(activity, tool, server, at, _time.GetElapsedTime(started), errorCode);
        }
    };

    private void Complete(Activity? activity, string tool, string server, Instant at, TimeSpan elapsed, string? errorCode)
    {
        var outcome = errorCode is null ? ToolCallOutcome.Ok : ToolCallOutcome.Error;
        var outcomeText = outcome == ToolCallOutcome.Ok ? "ok" : "error";
        var tags = new TagList { { ToolTag, tool }, { ServerTag, server }, { OutcomeTag, outcomeText } };
        if (errorCode is not null)
        {
            tags.Add(ErrorCodeTag, errorCode);
            activity?.SetTag(ErrorCodeTag, errorCode);
            activity?.SetStatus(ActivityStatusCode.Error, errorCode);
        }
        activity?.SetTag(OutcomeTag, outcomeText);
        _duration.Record(elapsed.TotalSeconds, tags);
        _recorder.Record(new ToolCallEntry
        {
            At = at,
            Tool = tool,
            Server = server,
            DurationMilliseconds = elapsed.TotalMilliseconds,
            Outcome = outcome,
            ErrorCode = errorCode,
        });
    }

    /// <summary>The stable code of a refused call (DESIGN.md, "Tool errors"): <c>_meta: {"errorCode": "slot_taken"}</c>.</summary>
    private static string ErrorCodeOf(CallToolResult result) =>
        result.Meta?["errorCode"] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } code
            ? code.Length <= MaxErrorCodeLength ? code : code[..MaxErrorCodeLength]
            : UnspecifiedErrorCode;
}
