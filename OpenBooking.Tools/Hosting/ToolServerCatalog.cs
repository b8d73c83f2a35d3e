using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace OpenBooking.Tools.Hosting;

/// <summary>One co-hosted MCP tool server: a name (the agent's plugin name) and the tool types it serves.</summary>
public sealed record ToolServerDefinition(string Name, string PluginName, string Title, string Instructions, IReadOnlyList<Type> ToolTypes)
{
    /// <summary>The names of the tools declared by <see cref="ToolTypes"/>.</summary>
    public IReadOnlySet<string> ToolNames { get; } = ToolTypes
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
        .Select(m => m.GetCustomAttribute<McpServerToolAttribute>()?.Name)
        .OfType<string>()
        .ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// The co-hosted MCP tool servers (email-otp, calendar, zapier). <c>AddMcpServer()</c> configures one server with
/// every tool and the filters (see <see cref="ToolsExtensions.AddOpenBookingTools"/>); /mcp and stdio serve it
/// whole, and the agent's in-memory clients get one server per definition, made from the same configuration with
/// only that definition's tools.
/// </summary>
public sealed class ToolServerCatalog(IEnumerable<ToolServerDefinition> servers, IOptionsFactory<McpServerOptions> optionsFactory, IServiceProvider services)
{
    public IReadOnlyList<ToolServerDefinition> Servers { get; } = [.. servers];

    /// <summary>Fresh options for one server: the configured server restricted to its tools, under its own name.</summary>
    public McpServerOptions CreateOptions(ToolServerDefinition server)
    {
        var options = optionsFactory.Create(Options.DefaultName);
        var tools = new McpServerPrimitiveCollection<McpServerTool>();
        foreach (var tool in options.ToolCollection ?? [])
        {
            if (server.ToolNames.Contains(tool.ProtocolTool.Name))
            {
                tools.Add(tool);
            }
        }
        options.ToolCollection = tools;
        options.ServerInfo = new Implementation
        {
            Name = $"openbooking-{server.Name}",
            Title = server.Title,
            Version = options.ServerInfo?.Version ?? "1.0.0",
        };
        options.ServerInstructions = server.Instructions;
        return options;
    }

    public McpServer CreateServer(ITransport transport, McpServerOptions options) =>
        McpServer.Create(transport, options, services.GetService(typeof(ILoggerFactory)) as ILoggerFactory, services);
}
