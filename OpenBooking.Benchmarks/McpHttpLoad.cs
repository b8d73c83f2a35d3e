using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Diagnostics;
using System.Globalization;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Client;
using ModelContextProtocol.Server;

namespace OpenBooking.Benchmarks;

/// <summary>
/// tools/call latency over Streamable HTTP, measured the way a remote MCP client sees it: the C# SDK client on
/// loopback, one call at a time after a warm-up, for both protocol eras (a 2025-11-25 session and 2026-07-28 per
/// request). Point it at any running server:
/// <code>dotnet run -c Release --project OpenBooking.Benchmarks -- mcp-http http://127.0.0.1:5080/mcp dev-staff-key-change-me [calls]</code>
/// or start the floor, a minimal <c>MapMcp</c> server with one trivial tool, in the same process:
/// <code>dotnet run -c Release --project OpenBooking.Benchmarks -- mcp-http minimal [calls]</code>
/// Loopback only; bounded by the number of calls.
/// </summary>
internal static class McpHttpLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["minimal", ..])
        {
            var minimalCalls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
            await using var minimal = await StartMinimalServerAsync();
            var url = minimal.Urls.First() + "/mcp";
            await MeasureAsync(new Uri(url), key: null, tool: "ping_tool", minimalCalls);
            return 0;
        }
        var calls = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
        await MeasureAsync(new Uri(args[0]), args.Length > 1 ? args[1] : null, tool: "list_services", calls);
        return 0;
    }

    private static async Task MeasureAsync(Uri endpoint, string? key, string tool, int calls)
    {
        foreach (var version in new[] { "2025-11-25", "2026-07-28" })
        {
            await using var client = await McpClient.CreateAsync(
                new HttpClientTransport(new HttpClientTransportOptions
                {
                    Endpoint = endpoint,
                    TransportMode = HttpTransportMode.StreamableHttp,
                    AdditionalHeaders = key is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
                }),
                new McpClientOptions { ProtocolVersion = version });
            for (var i = 0; i < 100; i++)
            {
                await client.CallToolAsync(tool);
            }
            var samples = new double[calls];
            for (var i = 0; i < calls; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await client.CallToolAsync(tool);
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (result.IsError == true)
                {
                    throw new InvalidOperationException($"{tool} failed: {string.Join(" ", result.Content)}");
                }
            }
            Array.Sort(samples);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{endpoint} {tool} protocol {version} ({client.NegotiatedProtocolVersion}): {calls} calls, p50 {samples[calls / 2]:F2} ms, p95 {samples[calls * 95 / 100]:F2} ms, mean {samples.Average():F2} ms"));
        }
    }

    private static async Task<WebApplication> StartMinimalServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddMcpServer()
            .WithHttpTransport(o => o.SessionMode = HttpServerSessionMode.StatefulForInitializeClients)
            .WithTools<PingTools>();
        var app = builder.Build();
        app.MapMcp("/mcp");
        await app.StartAsync();
        return app;
    }

    [McpServerToolType]
    private sealed class PingTools
    {
        [McpServerTool(Name = "ping_tool", ReadOnly = true), Description("Answers pong.")]
        public static string Ping() => "pong";
    }
}
