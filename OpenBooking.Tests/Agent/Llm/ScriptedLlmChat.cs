using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Web.Agent;
using OpenBooking.Web.Chat;

namespace OpenBooking.Tests.Agent.Llm;

/// <summary>
/// A conversation with the LLM agent as the chat page has it: through ChatService (saved in SQLite), with the real
/// OpenAI SDK talking HTTP to a <see cref="ScriptedModelServer"/> and tools reached through the real in-memory MCP clients.
/// </summary>
public sealed class ScriptedLlmChat : IAsyncDisposable
{
    private ScriptedLlmChat(ToolsTestHost host, ScriptedModelServer model)
    {
        Host = host;
        Model = model;
    }

    /// <summary>Everything the app logged, at every level.</summary>
    public LogCapture Logs => Host.Logs;

    public ToolsTestHost Host { get; }

    public ScriptedModelServer Model { get; }

    public Guid Id { get; } = Guid.NewGuid();

    public string? CustomerTimeZone { get; set; }

    /// <summary>Everything streamed during the last message.</summary>
    public RecordingStream Stream { get; private set; } = new();

    public ChatService Chat => Host.Get<ChatService>();

    public static async Task<ScriptedLlmChat> StartAsync(FakeClock? clock = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var model = await ScriptedModelServer.StartAsync();
        var all = new TestSettings()
            .With("Agent:Mode", "OpenAI")
            .With("Agent:OpenAI:Endpoint", model.Endpoint.ToString())
            .With("Agent:OpenAI:Model", ScriptedModelServer.ModelName)
            .With("Agent:OpenAI:ApiKey", "sk-scripted-test-key")
            .With("Agent:OpenAI:TimeoutSeconds", "5")
            .With(settings ?? new TestSettings());
        var host = await ToolsTestHost.StartAsync(clock, all, services =>
        {
            services.AddChat();
            // The dashboard's view of the integrations, to see what an admin would.
            services.AddOptions<OpenBooking.Web.Mcp.McpOptions>();
            services.AddSingleton<OpenBooking.Web.Admin.IntegrationSettings>();
        });
        return new ScriptedLlmChat(host, model);
    }

    /// <summary>Sends a customer message; returns the agent's replies.</summary>
    public async Task<IReadOnlyList<string>> SayAsync(string text)
    {
        Stream = new RecordingStream();
        var exchange = await Chat.SendAsync(Id, text, CustomerTimeZone, "203.0.113.9", Stream);
        return [.. exchange.Replies.Select(r => r.Text)];
    }

    /// <summary>The whole transcript, tool calls included, as the dashboard reads it.</summary>
    public async Task<IReadOnlyList<ChatMessage>> TranscriptAsync() =>
        (await Host.Get<ConversationStore>().FindAsync(Id, includeToolCalls: true))!.Messages;

    public Task<List<OpenBooking.Tools.Data.Booking>> BookingsAsync() => Host.WithDbAsync(db => db.Bookings.AsNoTracking().Include(b => b.Customer).ToListAsync());

    /// <summary>The code in the newest code email to that address.</summary>
    public string LatestCode(string email) => Host.Get<PickupMailbox>().LatestCode(email);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Model.DisposeAsync();
    }

    /// <summary>Waits (up to 10 s) for something another thread does.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting.");
            await Task.Delay(10);
        }
    }

    /// <summary>Records what the agent streamed, and when (to tell a streamed answer from one that arrived whole).</summary>
    public sealed class RecordingStream : IReplyStream
    {
        private readonly Lock _gate = new();
        private readonly List<string> _writes = [];
        private int _ended;

        public IReadOnlyList<string> Writes
        {
            get
            {
                lock (_gate)
                {
                    return [.. _writes];
                }
            }
        }

        public int EndedMessages => Volatile.Read(ref _ended);

        public string Text => string.Concat(Writes);

        public void Write(string text)
        {
            lock (_gate)
            {
                _writes.Add(text);
            }
        }

        public void EndMessage() => Interlocked.Increment(ref _ended);
    }
}
