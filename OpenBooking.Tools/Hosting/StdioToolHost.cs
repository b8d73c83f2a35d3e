using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenBooking.Tools.Diagnostics;
using ModelContextProtocol.Server;

namespace OpenBooking.Tools.Hosting;

/// <summary>
/// Serves every co-hosted tool over stdio for a local MCP client (Claude Desktop, VS Code, the MCP Inspector).
/// The person who can start this process can read the database anyway, so the caller acts as staff.
/// stdout carries only protocol messages; all logs go to stderr, and telemetry goes only to an OTLP endpoint when one is set.
/// </summary>
public static class StdioToolHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args.Where(a => a != "--stdio").ToArray());
        builder.AddSharedDevelopmentSettings();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddOpenBookingTools();
        builder.AddOpenBookingTelemetry("openbooking-tools");
        using var host = builder.Build();
        await host.StartAsync();

        var catalog = host.Services.GetRequiredService<ToolServerCatalog>();
        var loggerFactory = host.Services.GetRequiredService<ILoggerFactory>();
        var options = catalog.CreateOptions(server: null, fixedUser: ToolCaller.WithClientAddress(ToolCaller.Staff("stdio"), "stdio"));
        await using var server = catalog.CreateServer(new StdioServerTransport(options, loggerFactory), options);
        await server.RunAsync(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        await host.StopAsync();
        return 0;
    }
}
