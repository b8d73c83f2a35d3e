using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;
using OpenBooking.Tools.Hosting;

namespace OpenBooking.Web.Mcp;

/// <summary>
/// One 2025-11-25 Streamable HTTP session: an MCP server serving every co-hosted tool, fed by the POSTs that carry
/// its <c>Mcp-Session-Id</c>. A session is busy while a request or the GET stream holds a lease, and idle otherwise.
/// </summary>
internal sealed class McpHttpSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _closing = new();
    private readonly TimeProvider _time;
    private int _leases;
    private int _getStreamOpen;
    private long _lastActivityUtcTicks;
    private int _disposed;

    public McpHttpSession(string id, string keyId, StreamableHttpServerTransport transport, McpServer server, TimeProvider time)
    {
        Id = id;
        KeyId = keyId;
        Transport = transport;
        Server = server;
        _time = time;
        Touch();
        Run = server.RunAsync(_closing.Token);
    }

    public string Id { get; }

    /// <summary>Which API key opened the session; requests with another key are refused.</summary>
    public string KeyId { get; }

    public StreamableHttpServerTransport Transport { get; }

    public McpServer Server { get; }

    public Task Run { get; }

    /// <summary>Cancelled when the session ends (DELETE, idle pruning, shutdown).</summary>
    public CancellationToken Closing => _closing.Token;

    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityUtcTicks), TimeSpan.Zero);

    public bool IsBusy => Volatile.Read(ref _leases) > 0;

    public bool IsIdleSince(DateTimeOffset cutoff) => !IsBusy && LastActivity <= cutoff;

    /// <summary>Marks the session busy until the returned lease is disposed.</summary>
    public Lease Acquire()
    {
        Interlocked.Increment(ref _leases);
        Touch();
        return new Lease(this);
    }

    /// <summary>Only one standalone GET stream per session: a second one would race the first for messages.</summary>
    public bool TryOpenGetStream() => Interlocked.Exchange(ref _getStreamOpen, 1) == 0;

    public void CloseGetStream() => Volatile.Write(ref _getStreamOpen, 0);

    private void Touch() => Interlocked.Exchange(ref _lastActivityUtcTicks, _time.GetUtcNow().UtcTicks);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _closing.CancelAsync();
        await Server.DisposeAsync();
        await Transport.DisposeAsync();
        try
        {
            await Run;
        }
        catch (OperationCanceledException)
        {
            // The session was closed while the server was running: the normal way for it to end.
        }
        _closing.Dispose();
    }

    public readonly struct Lease(McpHttpSession session) : IDisposable
    {
        public void Dispose()
        {
            session.Touch();
            Interlocked.Decrement(ref session._leases);
        }
    }
}

/// <summary>
/// The live 2025-11-25 sessions of the /mcp endpoint. Sessions left idle longer than
/// <see cref="McpOptions.SessionIdleTimeoutMinutes"/> are closed by <see cref="McpIdleSessionPruner"/>;
/// all are closed at shutdown.
/// </summary>
internal sealed class McpSessionStore(
    ToolServerCatalog catalog,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    IOptionsMonitor<McpOptions> options,
    ILogger<McpSessionStore> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, McpHttpSession> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    public McpHttpSession Start(ClaimsPrincipal user)
    {
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        var transport = new StreamableHttpServerTransport(loggerFactory) { SessionId = id };
        var server = catalog.CreateServer(transport, catalog.CreateOptions());
        var session = new McpHttpSession(id, KeyId(user), transport, server, time);
        _sessions[id] = session;
        logger.LogInformation("MCP session {SessionId} started for {Caller}.", id, user.Identity?.Name);
        return session;
    }

    public bool TryGet(string id, out McpHttpSession session) => _sessions.TryGetValue(id, out session!);

    public static string KeyId(ClaimsPrincipal user) => user.FindFirst(McpApiKeyAuthenticator.KeyIdClaim)?.Value ?? "";

    public async Task<bool> CloseAsync(string id)
    {
        if (!_sessions.TryRemove(id, out var session))
        {
            return false;
        }
        await session.DisposeAsync();
        return true;
    }

    /// <summary>Closes every session that has had no request for the idle timeout. Returns how many it closed.</summary>
    public async Task<int> PruneIdleSessionsAsync()
    {
        var cutoff = time.GetUtcNow() - options.CurrentValue.SessionIdleTimeout;
        var closed = 0;
        foreach (var (id, session) in _sessions)
        {
            if (session.IsIdleSince(cutoff) && await CloseAsync(id))
            {
                closed++;
            }
        }
        if (closed > 0)
        {
            logger.LogInformation("Closed {Count} idle MCP session(s).", closed);
        }
        return closed;
    }

    public async Task CloseAllAsync()
    {
        foreach (var id in _sessions.Keys)
        {
            await CloseAsync(id);
        }
    }

    public async ValueTask DisposeAsync() => await CloseAllAsync();
}

/// <summary>Closes idle MCP sessions on a timer and every session at shutdown.</summary>
internal sealed class McpIdleSessionPruner(McpSessionStore sessions, TimeProvider time, IOptionsMonitor<McpOptions> options)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Check four times per timeout, at least once a minute: a session outlives its timeout by a quarter at most.
        var period = TimeSpan.FromTicks(Math.Min(options.CurrentValue.SessionIdleTimeout.Ticks / 4, TimeSpan.TicksPerMinute));
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await sessions.PruneIdleSessionsAsync();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await sessions.CloseAllAsync();
    }
}
