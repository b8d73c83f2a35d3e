using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OpenBooking.Tools.Diagnostics;

public static class TelemetryExtensions
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>The SDK's own spans (client and server side of each request); they carry the trace across the in-memory pipes.</summary>
    private const string McpSdkSource = "Experimental.ModelContextProtocol";

    private static readonly string[] Protocols = ["grpc", "http/protobuf"];

    /// <summary>
    /// OpenTelemetry traces and metrics: tool calls (<see cref="ToolCallTelemetry"/>), HTTP clients and EF Core (the web
    /// app adds ASP.NET Core with its own <c>WithTracing</c>/<c>WithMetrics</c>). Exported over OTLP only when the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_SERVICE_NAME</c> and the
    /// other standard variables, read through configuration); nothing leaves the process otherwise. Never writes to stdout.
    /// </summary>
    public static IHostApplicationBuilder AddOpenBookingTelemetry(
        this IHostApplicationBuilder builder, string serviceName)
    {
        var endpoint = builder.Configuration[OtlpEndpointKey];
        var protocol = builder.Configuration[OtlpProtocolKey];
        if (!string.IsNullOrWhiteSpace(endpoint) && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw new InvalidOperationException($"{OtlpEndpointKey} must be an absolute http(s) URL such as http://localhost:4318; it is '{endpoint}'.");
        }
        if (!string.IsNullOrWhiteSpace(protocol) && !Protocols.Contains(protocol))
        {
            throw new InvalidOperationException($"{OtlpProtocolKey} must be one of {string.Join(", ", Protocols)}; it is '{protocol}'.");
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : serviceName))
            .WithTracing(tracing => tracing
                .AddSource(ToolCallTelemetry.ActivitySourceName, McpSdkSource)
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(ToolCallTelemetry.MeterName)
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            // Traces and metrics only: logs stay where the logging settings send them (some, like the first-run
            // setup link, are meant for the person at the console).
            telemetry.WithTracing(tracing => tracing.AddOtlpExporter()).WithMetrics(metrics => metrics.AddOtlpExporter());
        }
        return builder;
    }
}
