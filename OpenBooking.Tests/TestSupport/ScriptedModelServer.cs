using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.TestSupport;

/// <summary>One request the model server received: its JSON body and its Authorization header.</summary>
public sealed record ScriptedModelRequest(JsonObject Body, string? Authorization)
{
    public JsonArray Messages => Body["messages"]!.AsArray();

    /// <summary>The names of the functions the request offered the model.</summary>
    public IReadOnlyList<string> ToolNames =>
        Body["tools"] is JsonArray tools ? [.. tools.Select(t => t!["function"]!["name"]!.GetValue<string>())] : [];

    public JsonObject Tool(string name) =>
        Body["tools"]!.AsArray().Select(t => t!["function"]!.AsObject()).Single(f => f["name"]!.GetValue<string>() == name);

    public string SystemPrompt => Messages.First(m => m!["role"]!.GetValue<string>() == "system")!["content"]!.ToString();

    /// <summary>The text of the last user message.</summary>
    public string LastUserText => Text(Messages.Last(m => m!["role"]!.GetValue<string>() == "user")!);

    /// <summary>The tool results at the end of the conversation (after the last assistant message), by tool call id.</summary>
    public IReadOnlyDictionary<string, string> ToolResults =>
        Messages.Reverse().TakeWhile(m => m!["role"]!.GetValue<string>() == "tool")
            .ToDictionary(m => m!["tool_call_id"]!.GetValue<string>(), m => Text(m!));

    public bool Streamed => Body["stream"]?.GetValue<bool>() == true;

    /// <summary>A message's content, whether a string or an array of text parts.</summary>
    public static string Text(JsonNode message) => message["content"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p!["text"]?.GetValue<string>())),
        _ => "",
    };
}

/// <summary>A function call the scripted model makes.</summary>
public sealed record ScriptedToolCall(string Name, object Arguments, string? Id = null)
{
    public string ArgumentsJson => Arguments as string ?? JsonSerializer.Serialize(Arguments);
}

/// <summary>What the scripted model answers to one request.</summary>
public abstract record ScriptedReply
{
    /// <summary>The model writes <paramref name="text"/>, streamed in <paramref name="chunks"/> deltas.</summary>
    public static ScriptedReply Text(string text, int chunks = 4) => new TextReply(text, chunks);

    /// <summary>The model calls these tools, all in one response (parallel tool calls when more than one).</summary>
    public static ScriptedReply Calls(params ScriptedToolCall[] calls) => new ToolCallsReply(calls);

    public static ScriptedReply Call(string name, object arguments) => Calls(new ScriptedToolCall(name, arguments));

    /// <summary>
    /// Streams these <c>delta</c> objects exactly as given, then the finish reason: for the shapes some servers send
    /// (tool calls without an index, blank arguments).
    /// </summary>
    public static ScriptedReply Raw(string finishReason, params string[] deltas) =>
        new RawReply(finishReason, [.. deltas.Select(d => JsonNode.Parse(d)!.AsObject())]);

    /// <summary>The endpoint answers an HTTP error with an OpenAI-style error body.</summary>
    public static ScriptedReply Error(int status, string message = "The scripted server failed.") => new ErrorReply(status, message);

    /// <summary>The endpoint accepts the request and never answers (until the client gives up).</summary>
    public static ScriptedReply Hang() => new HangReply();

    /// <summary>Decides the reply from the request (to answer with what the tools returned).</summary>
    public static ScriptedReply From(Func<ScriptedModelRequest, ScriptedReply> decide) => new DynamicReply(decide);

    /// <summary>
    /// A streamed reply that stops after its first <paramref name="chunks"/> deltas until <paramref name="gate"/> completes:
    /// lets a test see the start of an answer on screen before the rest exists.
    /// </summary>
    public ScriptedReply PausedAfter(int chunks, Task gate) => this with { PauseAfterChunks = chunks, Gate = gate };

    internal int PauseAfterChunks { get; init; } = -1;

    internal Task? Gate { get; init; }

    internal sealed record TextReply(string Content, int Chunks) : ScriptedReply;

    internal sealed record ToolCallsReply(ScriptedToolCall[] ToolCalls) : ScriptedReply;

    internal sealed record ErrorReply(int Status, string Message) : ScriptedReply;

    internal sealed record RawReply(string FinishReason, JsonObject[] Deltas) : ScriptedReply;

    internal sealed record HangReply : ScriptedReply;

    internal sealed record DynamicReply(Func<ScriptedModelRequest, ScriptedReply> Decide) : ScriptedReply;
}

/// <summary>
/// A local OpenAI-compatible chat completions endpoint on Kestrel at 127.0.0.1:0 whose answers the test scripts. It
/// speaks the documented protocol: <c>POST /v1/chat/completions</c> answers a <c>chat.completion</c> object, or, when the
/// request says <c>"stream": true</c>, server-sent events of <c>chat.completion.chunk</c> objects (content deltas, tool call
/// deltas with their index, id and argument fragments, a finish reason) ending with <c>data: [DONE]</c>. It proves the
/// protocol and the agent's loop through the real OpenAI SDK, not a model's judgement.
/// </summary>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    public const string ModelName = "scripted-model";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedReply> _script = new();
    private readonly ConcurrentQueue<ScriptedModelRequest> _requests = new();
    private int _callIds;

    private ScriptedModelServer(WebApplication app)
    {
        _app = app;
        Endpoint = new Uri(app.Urls.First().TrimEnd('/') + "/v1");
    }

    /// <summary>The base address to configure (ends in /v1).</summary>
    public Uri Endpoint { get; }

    /// <summary>When set, every request must carry <c>Authorization: Bearer {ApiKey}</c>, else it gets a 401.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long to wait between streamed chunks.</summary>
    public TimeSpan ChunkDelay { get; set; } = TimeSpan.Zero;

    public IReadOnlyList<ScriptedModelRequest> Requests => [.. _requests];

    /// <summary>Replies not yet used.</summary>
    public int Remaining => _script.Count;

    /// <summary>Answers every request once the scripted replies are used up (a benchmark's endless conversation).</summary>
    public Func<ScriptedModelRequest, ScriptedReply>? Otherwise { get; set; }

    public ScriptedModelServer Then(params ScriptedReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
        return this;
    }

    public static async Task<ScriptedModelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ScriptedModelServer? server = null;
        app.MapPost("/v1/chat/completions", context => server!.HandleAsync(context));
        await app.StartAsync();
        server = new ScriptedModelServer(app);
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
        var request = new ScriptedModelRequest(body, context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null);
        _requests.Enqueue(request);
        if (ApiKey is not null && request.Authorization != $"Bearer {ApiKey}")
        {
            await WriteErrorAsync(context, 401, "Incorrect API key provided.", "invalid_api_key");
            return;
        }
        if (!_script.TryDequeue(out var reply) && Otherwise is { } otherwise)
        {
            reply = ScriptedReply.From(otherwise);
        }
        if (reply is null)
        {
            await WriteErrorAsync(context, 500, "The scripted model has no reply left for this request.", "script_exhausted");
            return;
        }
        while (reply is ScriptedReply.DynamicReply dynamic)
        {
            reply = dynamic.Decide(request);
        }
        switch (reply)
        {
            case ScriptedReply.ErrorReply error:
                await WriteErrorAsync(context, error.Status, error.Message, "scripted_error");
                return;
            case ScriptedReply.HangReply:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as it should.
                }
                return;
        }
        var model = body["model"]?.GetValue<string>() ?? ModelName;
        if (request.Streamed)
        {
            await StreamAsync(context, reply, model);
        }
        else
        {
            await context.Response.WriteAsJsonAsync(Completion(reply, model), Json, context.RequestAborted);
        }
    }

    private JsonObject Completion(ScriptedReply reply, string model)
    {
        var message = new JsonObject { ["role"] = "assistant" };
        string finish;
        if (reply is ScriptedReply.ToolCallsReply calls)
        {
            message["content"] = null;
            message["tool_calls"] = new JsonArray([.. calls.ToolCalls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id ?? NextCallId(),
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.ArgumentsJson },
            })]);
            finish = "tool_calls";
        }
        else
        {
            message["content"] = ((ScriptedReply.TextReply)reply).Content;
            finish = "stop";
        }
        return new JsonObject
        {
            ["id"] = "chatcmpl-scripted",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 1, ["completion_tokens"] = 1, ["total_tokens"] = 2 },
        };
    }

    private async Task StreamAsync(HttpContext context, ScriptedReply reply, string model)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var deltas = new List<JsonObject> { new() { ["role"] = "assistant", ["content"] = "" } };
        string finish;
        if (reply is ScriptedReply.RawReply raw)
        {
            deltas.AddRange(raw.Deltas);
            finish = raw.FinishReason;
        }
        else if (reply is ScriptedReply.ToolCallsReply calls)
        {
            for (var index = 0; index < calls.ToolCalls.Length; index++)
            {
                var call = calls.ToolCalls[index];
                deltas.Add(ToolCallDelta(index, new JsonObject
                {
                    ["index"] = index,
                    ["id"] = call.Id ?? NextCallId(),
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = "" },
                }));
                // Arguments arrive in fragments, as real models send them.
                foreach (var fragment in Split(call.ArgumentsJson, 3))
                {
                    deltas.Add(ToolCallDelta(index, new JsonObject { ["index"] = index, ["function"] = new JsonObject { ["arguments"] = fragment } }));
                }
            }
            finish = "tool_calls";
        }
        else
        {
            var text = (ScriptedReply.TextReply)reply;
            deltas.AddRange(Split(text.Content, text.Chunks).Select(part => new JsonObject { ["content"] = part }));
            finish = "stop";
        }
        var written = 0;
        foreach (var delta in deltas)
        {
            await WriteChunkAsync(context, model, delta, finishReason: null);
            written++;
            if (written - 1 == reply.PauseAfterChunks && reply.Gate is { } gate)
            {
                await gate.WaitAsync(context.RequestAborted);
            }
            else if (ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(ChunkDelay, context.RequestAborted);
            }
        }
        await WriteChunkAsync(context, model, new JsonObject(), finish);
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);

        static JsonObject ToolCallDelta(int index, JsonObject call) => new() { ["tool_calls"] = new JsonArray(call) };
    }

    private static async Task WriteChunkAsync(HttpContext context, string model, JsonObject delta, string? finishReason)
    {
        var chunk = new JsonObject
        {
            ["id"] = "chatcmpl-scripted",
            ["object"] = "chat.completion.chunk",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        };
        await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", Encoding.UTF8, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string message, string code)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(
            new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error", ["code"] = code } },
            Json,
            context.RequestAborted);
    }

    private string NextCallId() => $"call_{Interlocked.Increment(ref _callIds)}";

    /// <summary>Splits text into about <paramref name="parts"/> pieces (never an empty one).</summary>
    private static IEnumerable<string> Split(string text, int parts)
    {
        var size = Math.Max(1, (int)Math.Ceiling(text.Length / (double)Math.Max(1, parts)));
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
