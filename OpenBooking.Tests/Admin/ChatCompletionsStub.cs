using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// The smallest OpenAI-compatible server the connection test needs, on Kestrel at 127.0.0.1:0:
/// <c>POST /v1/chat/completions</c> answers a <c>chat.completion</c> with "OK", or, while <see cref="RefuseKeys"/> is
/// set, 401 with OpenAI's error body (which, like OpenAI's, echoes the key it refused).
/// </summary>
public sealed class ChatCompletionsStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, string? Authorization, JsonObject Body)> _requests = new();

    private ChatCompletionsStub(WebApplication app) => _app = app;

    /// <summary>The base address to configure, ending in <c>/v1</c>.</summary>
    public string Endpoint => $"{_app.Urls.First().TrimEnd('/')}/v1";

    public bool RefuseKeys { get; set; }

    public IReadOnlyList<(string Path, string? Authorization, JsonObject Body)> Requests => [.. _requests];

    public static async Task<ChatCompletionsStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new ChatCompletionsStub(app);
        app.MapPost("/v1/chat/completions", (HttpRequest request) => stub.CompleteAsync(request));
        await app.StartAsync();
        return stub;
    }

    private async Task<IResult> CompleteAsync(HttpRequest request)
    {
        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        var authorization = request.Headers.Authorization.ToString();
        _requests.Enqueue((request.Path, authorization, body));
        if (RefuseKeys)
        {
            var key = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : "";
            return Results.Json(new
            {
                error = new
                {
                    message = $"Incorrect API key provided: {key}. You can find your API key at https://platform.openai.com/account/api-keys.",
                    type = "invalid_request_error",
                    param = (string?)null,
                    code = "invalid_api_key",
                },
            }, statusCode: StatusCodes.Status401Unauthorized);
        }
        var completion = new JsonObject
        {
            ["id"] = "chatcmpl-stub-1",
            ["object"] = "chat.completion",
            ["created"] = 1_781_000_000,
            ["model"] = body["model"]?.GetValue<string>(),
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "OK" },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 12, ["completion_tokens"] = 1, ["total_tokens"] = 13 },
        };
        return Results.Text(completion.ToJsonString(), "application/json");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
