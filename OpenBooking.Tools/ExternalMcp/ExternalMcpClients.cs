using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using NodaTime;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Notifications;

namespace OpenBooking.Tools.ExternalMcp;

/// <summary>A registered server with its secrets, ready to connect.</summary>
internal sealed record ExternalMcpServer(Guid Id, string Name, Uri Url, string? BearerToken, string? HeaderName, string? HeaderValue, Instant Version);

public enum ExternalMcpServerState
{
    Connected,
    Down,
}

/// <summary>How a registered server is doing; <see cref="Url"/> keeps only the host.</summary>
public sealed record ExternalMcpServerStatus(Guid Id, string Name, string Url, ExternalMcpServerState State, string? Error, IReadOnlyList<string> Tools, Instant CheckedAt);

/// <summary>A tool of an external server as the agent sees it: <see cref="Name"/> is unique across all servers.</summary>
public sealed record ExternalTool(string Name, string ServerName, Tool Tool);

/// <summary>
/// MCP clients for the admin's registered servers (Streamable HTTP). Connects lazily and again after a registration
/// changes or <see cref="RefreshAsync"/>; a server that cannot be reached is reported Down with its error and its tools
/// are left out, so it never breaks the chat. Tool names are kept unless they clash with a co-hosted tool or another
/// server's tool; then they become <c>server__tool</c>.
/// </summary>
public sealed class ExternalMcpClients : IAsyncDisposable
{
    /// <summary>Separator of the server prefix in clashing tool names.</summary>
    public const string Separator = "__";

    public const string HttpClientName = "external-mcp";

    private readonly McpServerRegistrations _registrations;
    private readonly InMemoryToolClients _coHosted;
    private readonly IHttpClientFactory _httpFactory;
    private readonly IClock _clock;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<Guid, Connection> _connections = [];
    private Dictionary<string, (Connection Connection, Tool Tool)>? _routes;
    private volatile bool _stale = true;

    public ExternalMcpClients(
        McpServerRegistrations registrations, InMemoryToolClients coHosted, IHttpClientFactory httpFactory, IClock clock, ILoggerFactory loggerFactory)
    {
        _registrations = registrations;
        _coHosted = coHosted;
        _httpFactory = httpFactory;
        _clock = clock;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ExternalMcpClients>();
        registrations.Changed += () => _stale = true;
    }

    /// <summary>How long connecting and listing tools may take per server.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one tool call may take.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    private sealed class Connection(ExternalMcpServer server)
    {
        public ExternalMcpServer Server { get; } = server;
        public McpClient? Client { get; set; }
        public IReadOnlyList<Tool> Tools { get; set; } = [];
        public string? Error { get; set; }
        public Instant CheckedAt { get; set; }
    }

    /// <summary>Every registered, enabled server with its state (connecting first when needed).</summary>
    public async Task<IReadOnlyList<ExternalMcpServerStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        await EnsureConnectedAsync(force: false, cancellationToken);
        return Statuses();
    }

    /// <summary>Reconnects every server that is down or changed, and re-reads every server's tools.</summary>
    public async Task<IReadOnlyList<ExternalMcpServerStatus>> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await EnsureConnectedAsync(force: true, cancellationToken);
        return Statuses();
    }

    /// <summary>The tools of every connected server, with names unique among themselves and the co-hosted tools.</summary>
    public async Task<IReadOnlyList<ExternalTool>> GetToolsAsync(CancellationToken cancellationToken = default)
    {
        await EnsureConnectedAsync(force: false, cancellationToken);
        return [.. _routes!.Select(r => new ExternalTool(r.Key, r.Value.Connection.Server.Name, r.Value.Tool))];
    }

    /// <summary>Calls an external tool by the name <see cref="GetToolsAsync"/> gave it, within <see cref="CallTimeout"/>.</summary>
    /// <exception cref="KeyNotFoundException">No connected server offers that tool.</exception>
    /// <exception cref="TimeoutException">The server did not answer in time.</exception>
    public async Task<CallToolResult> CallAsync(string name, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken = default)
    {
        await EnsureConnectedAsync(force: false, cancellationToken);
        if (!_routes!.TryGetValue(name, out var route) || route.Connection.Client is not { } client)
        {
            throw new KeyNotFoundException($"No connected MCP server offers the tool '{name}'.");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        try
        {
            return await client.CallToolAsync(route.Tool.Name, arguments, cancellationToken: timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The MCP server '{route.Connection.Server.Name}' did not answer '{route.Tool.Name}' within {CallTimeout.TotalSeconds:0} s.");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // Its connection is gone: show it as down and reconnect on the next use.
            route.Connection.Error = OutboxDispatcher.Redact(ex.Message);
            _stale = true;
            throw;
        }
    }

    private async Task EnsureConnectedAsync(bool force, CancellationToken cancellationToken)
    {
        if (!force && !_stale && _routes is not null)
        {
            return;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!force && !_stale && _routes is not null)
            {
                return;
            }
            _stale = false;
            var servers = await _registrations.LoadEnabledAsync(cancellationToken);
            var next = new Dictionary<Guid, Connection>();
            foreach (var server in servers)
            {
                if (_connections.Remove(server.Id, out var existing) && existing.Server == server && existing.Client is not null && existing.Error is null && !force)
                {
                    next[server.Id] = existing;
                    continue;
                }
                if (existing?.Client is { } old)
                {
                    await DisposeQuietlyAsync(old);
                }
                next[server.Id] = await ConnectAsync(server, cancellationToken);
            }
            foreach (var removed in _connections.Values)
            {
                if (removed.Client is { } client)
                {
                    await DisposeQuietlyAsync(client);
                }
            }
            _connections = next;
            _routes = await RouteAsync(next.Values, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Connection> ConnectAsync(ExternalMcpServer server, CancellationToken cancellationToken)
    {
        var connection = new Connection(server) { CheckedAt = _clock.GetCurrentInstant() };
        var headers = new Dictionary<string, string>();
        if (server.BearerToken is { Length: > 0 } token)
        {
            headers["Authorization"] = $"Bearer {token}";
        }
        if (server is { HeaderName: { Length: > 0 } name, HeaderValue: { } value })
        {
            headers[name] = value;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        McpClient? client = null;
        try
        {
            var transport = new HttpClientTransport(
                new HttpClientTransportOptions
                {
                    Endpoint = server.Url,
                    TransportMode = HttpTransportMode.StreamableHttp,
                    Name = server.Name,
                    AdditionalHeaders = headers,
                    ConnectionTimeout = ConnectTimeout,
                },
                _httpFactory.CreateClient(HttpClientName),
                _loggerFactory,
                ownsHttpClient: false);
            client = await McpClient.CreateAsync(
                transport,
                new McpClientOptions { ClientInfo = new Implementation { Name = "openbooking", Version = "1.0.0" } },
                _loggerFactory,
                timeout.Token);
            var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
            connection.Client = client;
            connection.Tools = [.. tools.Select(t => t.ProtocolTool)];
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A server that is down must not break the chat: report it and leave its tools out.
            connection.Error = ex is OperationCanceledException
                ? $"No answer within {ConnectTimeout.TotalSeconds:0} s."
                : OutboxDispatcher.Redact($"{ex.GetType().Name}: {ex.Message}");
            _logger.LogWarning("External MCP server {Server} is down: {Error}", server.Name, connection.Error);
            if (client is not null)
            {
                await DisposeQuietlyAsync(client);
            }
        }
        return connection;
    }

    private async Task<Dictionary<string, (Connection, Tool)>> RouteAsync(IEnumerable<Connection> connections, CancellationToken cancellationToken)
    {
        var up = connections.Where(c => c.Client is not null && c.Error is null).ToList();
        var coHosted = await _coHosted.GetToolsAsync(cancellationToken);
        var counts = up.SelectMany(c => c.Tools).GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var routes = new Dictionary<string, (Connection, Tool)>(StringComparer.Ordinal);
        foreach (var connection in up)
        {
            foreach (var tool in connection.Tools)
            {
                var clashes = counts[tool.Name] > 1 || coHosted.ContainsKey(tool.Name);
                routes[clashes ? $"{connection.Server.Name}{Separator}{tool.Name}" : tool.Name] = (connection, tool);
            }
        }
        return routes;
    }

    private IReadOnlyList<ExternalMcpServerStatus> Statuses() =>
    [
        .. _connections.Values.OrderBy(c => c.Server.Name, StringComparer.Ordinal).Select(c => new ExternalMcpServerStatus(
            c.Server.Id,
            c.Server.Name,
            OutboxDispatcher.Redact(c.Server.Url.ToString()),
            c.Client is not null && c.Error is null ? ExternalMcpServerState.Connected : ExternalMcpServerState.Down,
            c.Error,
            [.. c.Tools.Select(t => t.Name)],
            c.CheckedAt)),
    ];

    private async Task DisposeQuietlyAsync(McpClient client)
    {
        try
        {
            await client.DisposeAsync();
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Closing an external MCP client failed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections.Values)
        {
            if (connection.Client is { } client)
            {
                await DisposeQuietlyAsync(client);
            }
        }
        _connections = [];
    }
}
