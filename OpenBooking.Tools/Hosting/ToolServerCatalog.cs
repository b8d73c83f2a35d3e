using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OpenBooking.Tools.Diagnostics;

namespace OpenBooking.Tools.Hosting;

/// <summary>One co-hosted MCP tool server: a name and the tool types it serves.</summary>
public sealed record ToolServerDefinition(string Name, string Title, string Instructions, IReadOnlyList<Type> ToolTypes);

/// <summary>
/// The co-hosted MCP tool servers (email-otp, calendar, ...) and the one place that turns them into
/// <see cref="McpServer"/>s for any transport: in-memory for the agent, Streamable HTTP at /mcp, stdio.
/// Tool instances are created per call from the request's services.
/// </summary>
public sealed class ToolServerCatalog
{
    private readonly IServiceProvider _services;
    private readonly Dictionary<string, McpServerTool[]> _tools;

    public ToolServerCatalog(IEnumerable<ToolServerDefinition> servers, IServiceProvider services)
    {
        _services = services;
        Servers = [.. servers];
        _tools = Servers.ToDictionary(s => s.Name, s => s.ToolTypes.SelectMany(CreateTools).ToArray());
    }

    public IReadOnlyList<ToolServerDefinition> Servers { get; }

    public ToolServerDefinition this[string name] => Servers.Single(s => s.Name == name);

    /// <summary>Options for one server, or for all tools of every server together when <paramref name="server"/> is null.</summary>
    public McpServerOptions CreateOptions(ToolServerDefinition? server = null, ClaimsPrincipal? fixedUser = null)
    {
        var tools = new McpServerPrimitiveCollection<McpServerTool>();
        foreach (var tool in server is null ? _tools.Values.SelectMany(t => t) : _tools[server.Name])
        {
            tools.Add(tool);
        }
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation
            {
                Name = server is null ? "openbooking" : $"openbooking-{server.Name}",
                Title = server?.Title ?? "OpenBooking",
                Version = typeof(ToolServerCatalog).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
            },
            ServerInstructions = server?.Instructions ?? string.Join("\n", Servers.Select(s => s.Instructions)),
            ToolCollection = tools,
        };
        options.Filters.Request.CallToolFilters.Add(_services.GetRequiredService<ToolCallTelemetry>().CreateFilter(ServerOf));
        if (fixedUser is not null)
        {
            // Transports without per-request identity (stdio) act for one caller.
            options.Filters.Message.IncomingFilters.Add(next => (context, cancellationToken) =>
            {
                context.JsonRpcMessage.Context ??= new JsonRpcMessageContext();
                context.JsonRpcMessage.Context.User = fixedUser;
                return next(context, cancellationToken);
            });
        }
        return options;
    }

    /// <summary>The name of the server that serves <paramref name="tool"/>, or null when none does.</summary>
    public string? ServerOf(string tool) =>
        _tools.FirstOrDefault(server => server.Value.Any(t => t.ProtocolTool.Name == tool)).Key;

    public McpServer CreateServer(ITransport transport, McpServerOptions options) =>
        McpServer.Create(transport, options, _services.GetService<ILoggerFactory>(), _services);

    /// <summary>
    /// Results keep their null members: the generated output schema lists every record member as required,
    /// and strict clients (the MCP Inspector) reject structured content that leaves one out.
    /// </summary>
    private static readonly JsonSerializerOptions ResultOptions = new(McpJsonUtilities.DefaultOptions)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private IEnumerable<McpServerTool> CreateTools(Type type)
    {
        var options = new McpServerToolCreateOptions { Services = _services, SerializerOptions = ResultOptions };
        return type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<McpServerToolAttribute>() is not null)
            .Select(method => method.IsStatic
                ? McpServerTool.Create(method, target: null, options)
                : McpServerTool.Create(method, context => ActivatorUtilities.CreateInstance(context.Services ?? _services, type), options));
    }
}
