using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OpenBooking.Web.Agent;

namespace OpenBooking.Benchmarks;

/// <summary>
/// The built-in engine's own part of a chat turn, without the chat's two database commits: the memory read, the
/// sentence parsed, the tools called through the in-memory MCP client, the reply and the memory written. Every message
/// starts from a fresh conversation, so each run does the same work.
/// </summary>
[Config(typeof(TurnLatencyConfig))]
[MemoryDiagnoser]
public class BuiltInTurnBenchmarks
{
    private BenchmarkHost _host = null!;
    private BuiltInAgent _agent = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await BenchmarkHost.StartAsync(configure: services => services.AddAgents());
        _agent = _host.Services.GetRequiredService<BuiltInAgent>();
        await _agent.RespondAsync("hello", new FreshTurn(), CancellationToken.None); // connects the in-memory MCP clients
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _host.DisposeAsync();

    [Benchmark(Description = "\"is 10am free next monday?\" (list_services and check_availability over MCP)")]
    public Task<AgentReply> AvailabilityQuestion() => _agent.RespondAsync("is 10am free next monday?", new FreshTurn(), CancellationToken.None);

    [Benchmark(Description = "\"hello\" (list_services over MCP)")]
    public Task<AgentReply> Greeting() => _agent.RespondAsync("hello", new FreshTurn(), CancellationToken.None);

    private sealed class FreshTurn : IAgentTurn
    {
        public string State => "{}";
        public string? CustomerTimeZone => null;
        public string? ClientAddress => null;
        public IReplyStream? Stream => null;
    }
}
