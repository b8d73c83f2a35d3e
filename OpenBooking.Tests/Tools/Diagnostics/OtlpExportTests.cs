using OpenBooking.Tests.TestSupport;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenBooking.Tests.EndToEnd;
using OpenBooking.Tools.Diagnostics;
using OpenBooking.Tools.Hosting;

namespace OpenBooking.Tests.Tools.Diagnostics;

/// <summary>
/// The app exports over OTLP/HTTP protobuf to the endpoint its configuration names (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// as a setting, not a process variable, so no other test exports): a local receiver gets the tool call's span and
/// the duration metric.
/// </summary>
public sealed class OtlpExportTests : IAsyncLifetime
{
    private readonly OtlpReceiver receiver = new();
    private AppHost app = null!;

    public async Task InitializeAsync()
    {
        await receiver.StartAsync();
        app = new AppHost(settings: new Dictionary<string, string?>
        {
            [TelemetryExtensions.OtlpEndpointKey] = receiver.Address,
            [TelemetryExtensions.OtlpProtocolKey] = "http/protobuf",
            // Export within a fraction of a second instead of the 5 s (spans) and 60 s (metrics) defaults.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task CallTool_EndpointConfigured_ReceiverGetsTheToolSpanAndDurationMetric()
    {
        var clients = app.Services.GetRequiredService<InMemoryToolClients>();
        await clients.GetToolsAsync();
        // A sampled parent of our own: its trace id tells this call's spans from other tests' in the same process.
        using var root = new Activity("otlp-export-test") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.SetIdFormat(ActivityIdFormat.W3C).Start();
        var traceId = new byte[16];
        root.TraceId.CopyTo(traceId);

        await clients.CallAsync("list_services", new Dictionary<string, object?>());

        // A protobuf body holds the span name as UTF-8 and the trace id as its 16 raw bytes.
        await receiver.WaitForAsync("/v1/traces", body => Contains(body, traceId) && Contains(body, "execute_tool list_services"u8.ToArray()));
        await receiver.WaitForAsync("/v1/metrics", body => Contains(body, Encoding.UTF8.GetBytes(ToolCallTelemetry.DurationMetric)) && Contains(body, "list_services"u8.ToArray()));
    }

    private static bool Contains(byte[] body, byte[] part) => body.AsSpan().IndexOf(part) >= 0;

    /// <summary>Accepts OTLP/HTTP protobuf POSTs at /v1/traces and /v1/metrics on 127.0.0.1 at a free port.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly ConcurrentQueue<(string Path, byte[] Body)> received = new();
        private readonly List<(string Path, Func<byte[], bool> Match, TaskCompletionSource Seen)> waiters = [];
        private readonly Lock gate = new();
        private WebApplication? web;

        public string Address { get; private set; } = "";

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            web = builder.Build();
            web.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer);
                Received(context.Request.Path, buffer.ToArray());
                context.Response.ContentType = "application/x-protobuf";
                return Results.Ok();
            });
            await web.StartAsync();
            Address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }

        public async Task WaitForAsync(string path, Func<byte[], bool> match)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gate)
            {
                if (received.Any(r => r.Path == path && match(r.Body)))
                {
                    return;
                }
                waiters.Add((path, match, seen));
            }
            try
            {
                await seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                Assert.Fail($"No matching {path} export within 30 s; received: {string.Join(", ", received.Select(r => $"{r.Path} ({r.Body.Length} bytes)"))}.");
            }
        }

        private void Received(string path, byte[] body)
        {
            lock (gate)
            {
                received.Enqueue((path, body));
                foreach (var waiter in waiters.Where(w => w.Path == path && w.Match(body)))
                {
                    waiter.Seen.TrySetResult();
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (web is not null)
            {
                await web.DisposeAsync();
            }
        }
    }
}
