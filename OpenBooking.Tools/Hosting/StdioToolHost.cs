using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using OpenBooking.Tools.Mcp;
using OpenBooking.Tools.Diagnostics;

namespace OpenBooking.Tools.Hosting;

/// <summary>
/// Serves every co-hosted tool over stdio for a local MCP client (Claude Desktop, VS Code, the MCP Inspector),
/// with the SDK's stdio transport. The person who can start this process can read the database anyway, so the
/// caller acts as staff. stdout carries only protocol messages; all logs go to stderr, and telemetry goes only
/// to an OTLP endpoint when one is set.
/// </summary>
public static class StdioToolHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args.Where(a => a != "--stdio").ToArray());
        builder.AddSharedDevelopmentSettings();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        var caller = ToolCaller.WithClientAddress(ToolCaller.Staff("stdio"), "stdio");
        builder.AddOpenBookingTools()
            .WithStdioServerTransport()
            // stdio has no per-request identity: every message comes from the local operator.
            .WithMessageFilters(filters => filters.AddIncomingFilter(next => (context, cancellationToken) =>
            {
                context.JsonRpcMessage.Context ??= new JsonRpcMessageContext();
                context.JsonRpcMessage.Context.User = caller;
                return next(context, cancellationToken);
            }));
        builder.AddOpenBookingTelemetry("openbooking-tools");
        using var host = builder.Build();
        await host.RunAsync();
        return 0;
    }
}
