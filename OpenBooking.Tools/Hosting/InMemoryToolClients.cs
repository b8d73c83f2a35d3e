using System.IO.Pipelines;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tools.Hosting;

/// <summary>
/// MCP clients connected to each co-hosted tool server over an in-memory transport (two pipes). This is how the
/// agent reaches the tools: through the protocol, never by calling a tool class. Started lazily, shared by all
/// conversations (an MCP client handles concurrent requests).
/// </summary>
public sealed class InMemoryToolClients(ToolServerCatalog catalog, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(McpServer Server, Task Run)> _servers = [];
    private Dictionary<string, (McpClient Client, Tool Tool)>? _routes;
    private Dictionary<string, string>? _plugins;

    /// <summary>The plugin name (<see cref="ToolServerDefinition.PluginName"/>) of each co-hosted tool's server, by tool name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetPluginNamesAsync(CancellationToken cancellationToken = default)
    {
        await GetToolsAsync(cancellationToken);
        return _plugins!;
    }

    /// <summary>Every tool of every co-hosted server, by name.</summary>
    public async Task<IReadOnlyDictionary<string, (McpClient Client, Tool Tool)>> GetToolsAsync(CancellationToken cancellationToken = default)
    {
        if (_routes is { } ready)
        {
            return ready;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_routes is null)
            {
                var routes = new Dictionary<string, (McpClient, Tool)>(StringComparer.Ordinal);
                var plugins = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var definition in catalog.Servers)
                {
                    var client = await ConnectAsync(definition, cancellationToken);
                    foreach (var tool in await client.ListToolsAsync(cancellationToken: cancellationToken))
                    {
                        routes[tool.Name] = (client, tool.ProtocolTool);
                        plugins[tool.Name] = definition.PluginName;
                    }
                }
                _plugins = plugins;
                _routes = routes;
            }
            return _routes;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Calls a tool by name on whichever server serves it.</summary>
    public Task<CallToolResult> CallAsync(string tool, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken = default) =>
        CallAsync(tool, arguments, clientAddress: null, cancellationToken);

    /// <summary>
    /// Calls a tool for an end user at <paramref name="clientAddress"/> (the chat's browser): the address travels in
    /// the request's <c>_meta</c> and becomes the caller's client address (see <see cref="ToolCaller"/>).
    /// </summary>
    public async Task<CallToolResult> CallAsync(
        string tool, IReadOnlyDictionary<string, object?> arguments, string? clientAddress, CancellationToken cancellationToken = default)
    {
        var tools = await GetToolsAsync(cancellationToken);
        if (!tools.TryGetValue(tool, out var route))
        {
            throw new InvalidOperationException($"No co-hosted MCP server serves the tool '{tool}'.");
        }
        var options = clientAddress is null ? null : new ModelContextProtocol.RequestOptions
        {
            Meta = new JsonObject { [ToolCaller.ClientAddressMetaKey] = clientAddress },
        };
        return await route.Client.CallToolAsync(tool, arguments, progress: null, options, cancellationToken);
    }

    private async Task<McpClient> ConnectAsync(ToolServerDefinition definition, CancellationToken cancellationToken)
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var options = catalog.CreateOptions(definition);
        options.Filters.Message.IncomingFilters.Add(next => (context, cancellationToken) =>
        {
            // Only this transport trusts _meta for the client address: its one client is this process.
            if (context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.ToolsCall } request)
            {
                var address = request.Params?["_meta"]?[ToolCaller.ClientAddressMetaKey] is JsonValue value && value.TryGetValue<string>(out var text)
                    ? text
                    : null;
                request.Context ??= new JsonRpcMessageContext();
                request.Context.User = ToolCaller.WithClientAddress(request.Context.User, address);
            }
            return next(context, cancellationToken);
        });
        var server = catalog.CreateServer(
            new StreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream(), definition.Name, loggerFactory),
            options);
        _servers.Add((server, server.RunAsync(_stopping.Token)));
        return await McpClient.CreateAsync(
            new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream(), loggerFactory),
            new McpClientOptions
            {
                ClientInfo = new Implementation { Name = "openbooking-agent", Version = "1.0.0" },
                // The session-based revision is several times faster in-process than the stateless one.
                ProtocolVersion = "2025-11-25",
            },
            loggerFactory,
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        await _stopping.CancelAsync();
        if (_routes is not null)
        {
            foreach (var client in _routes.Values.Select(r => r.Client).Distinct())
            {
                await client.DisposeAsync();
            }
        }
        foreach (var (server, run) in _servers)
        {
            await server.DisposeAsync();
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }
    }
}
