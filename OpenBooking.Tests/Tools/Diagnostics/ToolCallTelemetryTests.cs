using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Diagnostics;
using OpenBooking.Tools.Hosting;

namespace OpenBooking.Tests.Tools.Diagnostics;

/// <summary>
/// Every tool call through the MCP pipeline gives one span, one duration measurement and one Usage row, tagged with
/// the tool, its server, the outcome and the error code. Spans are told apart from other tests' by their trace
/// (a root activity started here), measurements by the host's meter factory.
/// </summary>
public sealed class ToolCallTelemetryTests : IAsyncLifetime
{
    private static readonly ActivitySource TestSource = new("OpenBooking.Tests.Telemetry");

    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<(double Seconds, Dictionary<string, object?> Tags)> _measurements = new();
    private ActivityListener _activities = null!;
    private MeterListener _meters = null!;
    private ToolsTestHost _host = null!;
    private Activity? _root;

    public async Task InitializeAsync()
    {
        // A fourth co-hosted server whose tools refuse or throw: registered like the app's own servers.
        _host = await ToolsTestHost.StartAsync(configure: services =>
        {
            services.AddSingleton(ProbeServer);
            services.AddMcpServer().WithTools<ProbeTools>();
        });
        _root = null;
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ToolCallTelemetry.ActivitySourceName or "Experimental.ModelContextProtocol" || source == TestSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == ToolCallTelemetry.ActivitySourceName && _root is { } root && activity.TraceId == root.TraceId)
                {
                    _spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);

        var hostMeters = _host.Get<IMeterFactory>();
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == ToolCallTelemetry.DurationMetric && ReferenceEquals(instrument.Meter.Scope, hostMeters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            _measurements.Enqueue((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        _meters.Start();
    }

    public async Task DisposeAsync()
    {
        _activities.Dispose();
        _meters.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task CallTool_Succeeds_OneSpanAndOneMeasurementTaggedOk()
    {
        var result = await CallInTraceAsync("list_services");

        Assert.NotEqual(true, result.IsError);
        var span = Assert.Single(_spans);
        Assert.Equal("execute_tool list_services", span.DisplayName);
        Assert.Equal("list_services", span.GetTagItem(ToolCallTelemetry.ToolTag));
        Assert.Equal("calendar", span.GetTagItem(ToolCallTelemetry.ServerTag));
        Assert.Equal("ok", span.GetTagItem(ToolCallTelemetry.OutcomeTag));
        Assert.Null(span.GetTagItem(ToolCallTelemetry.ErrorCodeTag));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        var (seconds, tags) = Assert.Single(_measurements);
        Assert.InRange(seconds, 0, span.Duration.TotalSeconds + 1);
        Assert.Equal("list_services", tags[ToolCallTelemetry.ToolTag]);
        Assert.Equal("calendar", tags[ToolCallTelemetry.ServerTag]);
        Assert.Equal("ok", tags[ToolCallTelemetry.OutcomeTag]);
        Assert.False(tags.ContainsKey(ToolCallTelemetry.ErrorCodeTag));
    }

    [Fact]
    public async Task CallTool_ErrorResultWithCode_TaggedErrorWithThatCode()
    {
        var result = await CallInTraceAsync("refuse_with_code");

        Assert.True(result.IsError);
        var span = Assert.Single(_spans);
        Assert.Equal("error", span.GetTagItem(ToolCallTelemetry.OutcomeTag));
        Assert.Equal("slot_taken", span.GetTagItem(ToolCallTelemetry.ErrorCodeTag));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        var (_, tags) = Assert.Single(_measurements);
        Assert.Equal("probe", tags[ToolCallTelemetry.ServerTag]);
        Assert.Equal("error", tags[ToolCallTelemetry.OutcomeTag]);
        Assert.Equal("slot_taken", tags[ToolCallTelemetry.ErrorCodeTag]);
    }

    [Fact]
    public async Task CallTool_Throws_TaggedErrorWithExceptionCode()
    {
        var result = await CallInTraceAsync("fail_with_exception");

        Assert.True(result.IsError);
        var span = Assert.Single(_spans);
        Assert.Equal(ToolCallTelemetry.ExceptionErrorCode, span.GetTagItem(ToolCallTelemetry.ErrorCodeTag));
        var (_, tags) = Assert.Single(_measurements);
        Assert.Equal("error", tags[ToolCallTelemetry.OutcomeTag]);
        Assert.Equal(ToolCallTelemetry.ExceptionErrorCode, tags[ToolCallTelemetry.ErrorCodeTag]);
    }

    [Fact]
    public async Task CallTools_SeveralOutcomes_RecordsOneUsageRowEachWithoutArguments()
    {
        await CallInTraceAsync("list_services");
        await CallInTraceAsync("refuse_with_code");
        await CallInTraceAsync("fail_with_exception");

        var rows = await Poll.UntilAsync(
            () => _host.WithDbAsync(db => db.ToolCalls.AsNoTracking().OrderBy(r => r.Id).ToListAsync()),
            rows => rows.Count == 3,
            "three tool-call rows");

        Assert.Equal(["list_services", "refuse_with_code", "fail_with_exception"], rows.Select(r => r.Tool));
        Assert.Equal(["calendar", "probe", "probe"], rows.Select(r => r.Server));
        Assert.Equal([ToolCallOutcome.Ok, ToolCallOutcome.Error, ToolCallOutcome.Error], rows.Select(r => r.Outcome));
        Assert.Equal([null, "slot_taken", ToolCallTelemetry.ExceptionErrorCode], rows.Select(r => r.ErrorCode));
        Assert.All(rows, r => Assert.Equal(_host.Clock.GetCurrentInstant(), r.At));
        Assert.All(rows, r => Assert.InRange(r.DurationMilliseconds, 0, 10_000));
    }

    [Fact]
    public async Task UsageWriter_AnHourLater_DeletesRowsOlderThanRetention()
    {
        var now = _host.Clock.GetCurrentInstant();
        await _host.WithDbAsync(async db =>
        {
            db.ToolCalls.Add(new ToolCallEntry { At = now - Duration.FromDays(91), Tool = "list_services", Server = "calendar" });
            db.ToolCalls.Add(new ToolCallEntry { At = now - Duration.FromDays(89), Tool = "find_free_slots", Server = "calendar" });
            return await db.SaveChangesAsync();
        });

        _host.Clock.Advance(Duration.FromHours(1));
        await CallInTraceAsync("list_services");

        var rows = await Poll.UntilAsync(
            () => _host.WithDbAsync(db => db.ToolCalls.AsNoTracking().OrderBy(r => r.At).Select(r => r.Tool).ToListAsync()),
            tools => tools is ["find_free_slots", "list_services"],
            "the 91-day-old row pruned and the new call saved");
        Assert.Equal(["find_free_slots", "list_services"], rows);
    }

    private async Task<CallToolResult> CallInTraceAsync(string tool)
    {
        var clients = _host.Get<InMemoryToolClients>();
        await clients.GetToolsAsync();
        using var root = TestSource.StartActivity("test");
        _root = root;
        return await clients.CallAsync(tool, new Dictionary<string, object?>());
    }

    private static readonly ToolServerDefinition ProbeServer = new("probe", "probe", "Probe", "Tools that fail on purpose.", [typeof(ProbeTools)]);

    [McpServerToolType]
    public sealed class ProbeTools
    {
        [McpServerTool(Name = "refuse_with_code"), Description("Refuses the way a booking tool refuses a taken slot.")]
        public static CallToolResult RefuseWithCode() => new()
        {
            IsError = true,
            Content = [new TextContentBlock { Text = "That time was just taken." }],
            Meta = new JsonObject { ["errorCode"] = "slot_taken" },
        };

        [McpServerTool(Name = "fail_with_exception"), Description("Fails the way a bug would.")]
        public static string FailWithException() => throw new InvalidOperationException("A bug.");
    }
}
