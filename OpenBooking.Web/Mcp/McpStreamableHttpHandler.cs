using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OpenBooking.Tools.Hosting;

namespace OpenBooking.Web.Mcp;

/// <summary>
/// Streamable HTTP for the co-hosted tool servers, in both protocol eras the MCP SDK speaks:
/// <list type="bullet">
/// <item>2025-11-25 and earlier: <c>initialize</c> opens a session (<c>Mcp-Session-Id</c>); later POSTs carry it,
/// GET opens the server-to-client SSE stream, DELETE ends the session.</item>
/// <item>2026-07-28: stateless. Every POST names its version in <c>MCP-Protocol-Version</c> (and <c>_meta</c>) and is
/// served by a server that lives for that one request; there is no session, so GET and DELETE answer 405.</item>
/// </list>
/// The caller has already been authenticated (see <see cref="McpEndpoints"/>); its principal rides on every message.
/// </summary>
internal sealed class McpStreamableHttpHandler(
    McpSessionStore sessions,
    ToolServerCatalog catalog,
    ILoggerFactory loggerFactory,
    IHostApplicationLifetime lifetime)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue EventStream = new("text/event-stream");

    public async Task PostAsync(HttpContext context)
    {
        if (!CheckProtocolVersion(context, out var version, out var error))
        {
            await error.ExecuteAsync(context);
            return;
        }
        if (!Accepts(context.Request, Json) || !Accepts(context.Request, EventStream))
        {
            await JsonRpcError(StatusCodes.Status406NotAcceptable, "Not Acceptable: the client must accept both application/json and text/event-stream.")
                .ExecuteAsync(context);
            return;
        }

        JsonRpcMessage? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync(
                context.Request.Body, McpJsonUtilities.DefaultOptions.GetTypeInfo<JsonRpcMessage>(), context.RequestAborted);
        }
        catch (JsonException)
        {
            message = null;
        }
        if (message is null)
        {
            await JsonRpcError(StatusCodes.Status400BadRequest, "Bad Request: the body is not a JSON-RPC message.", McpErrorCode.ParseError)
                .ExecuteAsync(context);
            return;
        }

        message.Context ??= new JsonRpcMessageContext();
        // The client address comes from the connection, never from the message (see ToolCaller): one-time code limits count by it.
        message.Context.User = ToolCaller.WithClientAddress(context.User, context.Connection.RemoteIpAddress?.ToString());

        var sessionId = context.Request.Headers[McpHttp.SessionId].ToString();
        if (IsStateless(version))
        {
            message.Context.ProtocolVersion = version!;
            await PostStatelessAsync(context, message, sessionId);
        }
        else
        {
            await PostToSessionAsync(context, message, sessionId);
        }
    }

    public async Task GetAsync(HttpContext context)
    {
        if (!await AcceptsSessionRequestAsync(context))
        {
            return;
        }
        if (!Accepts(context.Request, EventStream))
        {
            await JsonRpcError(StatusCodes.Status406NotAcceptable, "Not Acceptable: the client must accept text/event-stream.").ExecuteAsync(context);
            return;
        }
        if (await FindSessionAsync(context) is not { } session)
        {
            return;
        }
        if (!session.TryOpenGetStream())
        {
            await JsonRpcError(StatusCodes.Status409Conflict, "Conflict: this session already has an open GET stream.").ExecuteAsync(context);
            return;
        }

        // The stream stays open until the client leaves, the session ends or the app stops (so shutdown never
        // waits on a listening client).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session.Closing, lifetime.ApplicationStopping);
        try
        {
            using var lease = session.Acquire();
            StartEventStream(context);
            await context.Response.Body.FlushAsync(stop.Token);
            await session.Transport.HandleGetRequestAsync(context.Response.Body, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // How an SSE stream normally ends.
        }
        finally
        {
            session.CloseGetStream();
        }
    }

    /// <summary>
    /// GET and DELETE belong to the session revision (2025-11-25): a bad version is refused, and a stateless
    /// (2026-07-28) client gets 405. False when the response has been written.
    /// </summary>
    private async Task<bool> AcceptsSessionRequestAsync(HttpContext context)
    {
        if (!CheckProtocolVersion(context, out var version, out var error))
        {
            await error.ExecuteAsync(context);
            return false;
        }
        if (IsStateless(version))
        {
            await MethodNotAllowed(context, version!);
            return false;
        }
        return true;
    }

    public async Task DeleteAsync(HttpContext context)
    {
        if (!await AcceptsSessionRequestAsync(context))
        {
            return;
        }
        if (await FindSessionAsync(context) is not { } session)
        {
            return;
        }
        await sessions.CloseAsync(session.Id);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task PostStatelessAsync(HttpContext context, JsonRpcMessage message, string sessionId)
    {
        if (sessionId.Length > 0)
        {
            await JsonRpcError(StatusCodes.Status400BadRequest,
                $"Bad Request: protocol {McpHttp.StatelessVersion} has no sessions; drop the Mcp-Session-Id header.")
                .ExecuteAsync(context);
            return;
        }
        if (!CheckStandardHeaders(context.Request, message, out var mismatch))
        {
            await JsonRpcError(StatusCodes.Status400BadRequest, mismatch, McpErrorCode.HeaderMismatch).ExecuteAsync(context);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
        var server = catalog.CreateServer(transport, catalog.CreateOptions());
        var run = server.RunAsync(stop.Token);
        try
        {
            await HandlePostAsync(context, transport, message);
        }
        finally
        {
            await stop.CancelAsync();
            await server.DisposeAsync();
            await transport.DisposeAsync();
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
                // The request is over: the per-request server stops with it.
            }
        }
    }

    private async Task PostToSessionAsync(HttpContext context, JsonRpcMessage message, string sessionId)
    {
        McpHttpSession session;
        if (sessionId.Length == 0)
        {
            if (message is not JsonRpcRequest { Method: RequestMethods.Initialize })
            {
                await JsonRpcError(StatusCodes.Status400BadRequest,
                    "Bad Request: send initialize to start a session (or use protocol " +
                    $"{McpHttp.StatelessVersion} with the MCP-Protocol-Version header), then send its Mcp-Session-Id.")
                    .ExecuteAsync(context);
                return;
            }
            session = sessions.Start(context.User);
        }
        else if (await FindSessionAsync(context) is { } existing)
        {
            session = existing;
        }
        else
        {
            return;
        }

        context.Response.Headers[McpHttp.SessionId] = session.Id;
        using var lease = session.Acquire();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session.Closing);
        await HandlePostAsync(context, session.Transport, message, stop.Token);
    }

    private static async Task HandlePostAsync(
        HttpContext context, StreamableHttpServerTransport transport, JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        // The transport writes SSE as soon as it has a reply, so the headers go first.
        StartEventStream(context);
        var wrote = await transport.HandlePostRequestAsync(
            message, context.Response.Body, cancellationToken == default ? context.RequestAborted : cancellationToken);
        if (!wrote)
        {
            // A notification or a response from the client: nothing to answer.
            context.Response.Headers.ContentType = default;
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }
    }

    private async Task<McpHttpSession?> FindSessionAsync(HttpContext context)
    {
        var sessionId = context.Request.Headers[McpHttp.SessionId].ToString();
        if (sessionId.Length == 0)
        {
            await JsonRpcError(StatusCodes.Status400BadRequest, "Bad Request: the Mcp-Session-Id header is required.").ExecuteAsync(context);
            return null;
        }
        if (!sessions.TryGet(sessionId, out var session))
        {
            // -32001 is what the other SDKs answer for an unknown session; clients start a new one on 404.
            await JsonRpcError(StatusCodes.Status404NotFound, "Session not found: it ended or was closed after being idle.", (McpErrorCode)(-32001))
                .ExecuteAsync(context);
            return null;
        }
        if (session.KeyId != McpSessionStore.KeyId(context.User))
        {
            await JsonRpcError(StatusCodes.Status403Forbidden, "Forbidden: this session was started with another API key.").ExecuteAsync(context);
            return null;
        }
        return session;
    }

    private static bool CheckProtocolVersion(HttpContext context, out string? version, out IResult error)
    {
        version = context.Request.Headers[McpHttp.ProtocolVersion].ToString() is { Length: > 0 } v ? v.Trim() : null;
        error = Results.Empty;
        if (version is null || McpHttp.IsSupportedVersion(version))
        {
            return true;
        }
        error = Results.Json(
            new JsonRpcError
            {
                Error = new JsonRpcErrorDetail
                {
                    Code = (int)McpErrorCode.UnsupportedProtocolVersion,
                    Message = $"Bad Request: MCP-Protocol-Version '{version}' is not supported.",
                    Data = JsonSerializer.SerializeToElement(
                        new UnsupportedProtocolVersionErrorData { Requested = version, Supported = [.. McpHttp.SupportedVersions] },
                        McpJsonUtilities.DefaultOptions.GetTypeInfo<UnsupportedProtocolVersionErrorData>()),
                },
            },
            McpJsonUtilities.DefaultOptions.GetTypeInfo<JsonRpcError>(),
            statusCode: StatusCodes.Status400BadRequest);
        return false;
    }

    private static bool IsStateless(string? version) => version is not null && McpHttp.IsStatelessVersion(version);

    private static async Task MethodNotAllowed(HttpContext context, string version)
    {
        context.Response.Headers.Allow = "POST";
        await JsonRpcError(StatusCodes.Status405MethodNotAllowed,
            $"Method Not Allowed: protocol {version} is stateless; there is no session to stream from or to end.")
            .ExecuteAsync(context);
    }

    /// <summary>2026-07-28 clients repeat the method (and tool name) in headers for routers; they must agree with the body.</summary>
    private static bool CheckStandardHeaders(HttpRequest request, JsonRpcMessage message, out string error)
    {
        error = "";
        var method = message switch
        {
            JsonRpcRequest r => r.Method,
            JsonRpcNotification n => n.Method,
            _ => null,
        };
        if (method is null)
        {
            return true;
        }
        var header = request.Headers[McpHttp.Method].ToString().Trim();
        if (header.Length == 0)
        {
            error = $"Bad Request: the {McpHttp.Method} header is required.";
            return false;
        }
        if (!string.Equals(header, method, StringComparison.Ordinal))
        {
            error = $"Bad Request: the {McpHttp.Method} header '{header}' does not match the body's method '{method}'.";
            return false;
        }
        return true;
    }

    private static bool Accepts(HttpRequest request, MediaTypeHeaderValue mediaType) =>
        request.GetTypedHeaders().Accept.Any(accepted => mediaType.IsSubsetOf(accepted));

    private static void StartEventStream(HttpContext context)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers.ContentEncoding = "identity";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
    }

    private static IResult JsonRpcError(int statusCode, string message, McpErrorCode code = (McpErrorCode)(-32000)) =>
        Results.Json(
            new JsonRpcError { Error = new JsonRpcErrorDetail { Code = (int)code, Message = message } },
            McpJsonUtilities.DefaultOptions.GetTypeInfo<JsonRpcError>(),
            statusCode: statusCode);
}

/// <summary>Header names and protocol revisions of Streamable HTTP (the SDK keeps its own copies internal).</summary>
internal static class McpHttp
{
    public const string SessionId = "Mcp-Session-Id";
    public const string ProtocolVersion = "MCP-Protocol-Version";
    public const string Method = "Mcp-Method";

    /// <summary>The first revision without <c>initialize</c> and sessions: every request stands alone.</summary>
    public const string StatelessVersion = "2026-07-28";

    public static readonly IReadOnlyList<string> SupportedVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", StatelessVersion];

    public static bool IsSupportedVersion(string version) => SupportedVersions.Contains(version, StringComparer.Ordinal);

    /// <summary>Revisions are ISO dates, so ordinal order is date order.</summary>
    public static bool IsStatelessVersion(string version) => string.CompareOrdinal(version, StatelessVersion) >= 0;
}
