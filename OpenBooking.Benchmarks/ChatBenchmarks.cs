using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OpenBooking.Web.Agent;
using OpenBooking.Web.Chat;

namespace OpenBooking.Benchmarks;

/// <summary>
/// One chat message answered by the built-in agent, end to end as the chat page does it: the customer's message
/// saved, the sentence parsed, the tools called through the in-memory MCP client (check_availability reads the
/// SQLite file), the reply and the agent's memory saved.
/// </summary>
[Config(typeof(TurnLatencyConfig))]
[MemoryDiagnoser]
public class ChatBenchmarks
{
    private BenchmarkHost _host = null!;
    private ChatService _chat = null!;
    private Guid _conversation;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await BenchmarkHost.StartAsync(configure: services =>
        {
            services.AddChat(); // as the app registers it: Agent:Mode is BuiltIn by default
        });
        _chat = _host.Services.GetRequiredService<ChatService>();
        _conversation = Guid.NewGuid();
        await _chat.OpenAsync(_conversation);
        await _chat.SendAsync(_conversation, "hello"); // connects the in-memory MCP clients
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _host.DisposeAsync();

    [Benchmark(Description = "\"is 10am free next monday?\" (parse, check_availability over MCP, save)")]
    public Task<ChatExchange> AvailabilityQuestion() => _chat.SendAsync(_conversation, "is 10am free next monday?");

    [Benchmark(Description = "\"hello\" (parse and save only)")]
    public Task<ChatExchange> Greeting() => _chat.SendAsync(_conversation, "hello");
}
