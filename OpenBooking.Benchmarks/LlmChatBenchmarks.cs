using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Web.Agent;
using OpenBooking.Web.Chat;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Benchmarks;

/// <summary>
/// One chat message answered by the LLM agent against a local OpenAI-compatible server that answers at once (streamed,
/// over loopback HTTP): what the agent itself costs per message, before any real model's thinking time. The question
/// takes two model calls and one MCP tool call (check_availability); the greeting one model call.
/// </summary>
[Config(typeof(InProcessConfig))]
[MemoryDiagnoser]
public class LlmChatBenchmarks
{
    private ScriptedModelServer _model = null!;
    private BenchmarkHost _host = null!;
    private ChatService _chat = null!;
    private Guid _conversation;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _model = await ScriptedModelServer.StartAsync();
        _model.Otherwise = request =>
            request.ToolResults.Count > 0 ? ScriptedReply.Text("Monday at 10:00 is free. Shall I book it?")
            : request.LastUserText.Contains("free", StringComparison.Ordinal) ? ScriptedReply.Call("calendar-check_availability", new { start = "2026-03-30T10:00" })
            : ScriptedReply.Text("Hello! How can I help you today?");
        _host = await BenchmarkHost.StartAsync(
            configure: services =>
            {
                services.AddChat();
            },
            settings: new Dictionary<string, string?>
            {
                ["Agent:Mode"] = "OpenAI",
                ["Agent:OpenAI:Endpoint"] = _model.Endpoint.ToString(),
                ["Agent:OpenAI:Model"] = ScriptedModelServer.ModelName,
            });
        _chat = _host.Services.GetRequiredService<ChatService>();
        _conversation = Guid.NewGuid();
        await _chat.OpenAsync(_conversation);
        await _chat.SendAsync(_conversation, "hello"); // connects the MCP clients and the HTTP connection
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _host.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Benchmark(Description = "\"is 10am free next monday?\" (2 streamed model calls, check_availability over MCP, save)")]
    public Task<ChatExchange> AvailabilityQuestion() => _chat.SendAsync(_conversation, "is 10am free next monday?");

    [Benchmark(Description = "\"hello\" (1 streamed model call, save)")]
    public Task<ChatExchange> Greeting() => _chat.SendAsync(_conversation, "hello");
}
