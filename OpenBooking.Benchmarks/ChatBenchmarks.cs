using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using OpenBooking.Tools.Hosting;
using OpenBooking.Web.Agent;
using OpenBooking.Web.Agent.Understanding;
using OpenBooking.Web.Chat;

namespace OpenBooking.Benchmarks;

/// <summary>
/// One chat message answered by the built-in agent, end to end as the chat page does it: the customer's message
/// saved, the sentence parsed, the tools called through the in-memory MCP client (check_availability reads the
/// SQLite file), the reply and the agent's memory saved.
/// </summary>
[Config(typeof(InProcessConfig))]
[MemoryDiagnoser]
public class ChatBenchmarks
{
    private IHost _host = null!;
    private ChatService _chat = null!;
    private string _dataDirectory = null!;
    private Guid _conversation;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("openbooking-bench-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = _dataDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _dataDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
        builder.AddOpenBookingTools();
        builder.Services.AddSingleton<IUtteranceParser, SchedulingParser>();
        builder.Services.AddSingleton<AgentTools>();
        builder.Services.AddSingleton<IConversationAgent, BuiltInAgent>();
        builder.Services.AddSingleton<ConversationStore>();
        builder.Services.AddSingleton<ChatService>();
        _host = builder.Build();
        await _host.StartAsync();
        _chat = _host.Services.GetRequiredService<ChatService>();
        _conversation = Guid.NewGuid();
        await _chat.OpenAsync(_conversation);
        await _chat.SendAsync(_conversation, "hello"); // connects the in-memory MCP clients
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Benchmark(Description = "\"is 10am free next monday?\" (parse, check_availability over MCP, save)")]
    public Task<ChatExchange> AvailabilityQuestion() => _chat.SendAsync(_conversation, "is 10am free next monday?");

    [Benchmark(Description = "\"hello\" (parse and save only)")]
    public Task<ChatExchange> Greeting() => _chat.SendAsync(_conversation, "hello");
}
