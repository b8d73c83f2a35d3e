using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Web.Agent;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Tests.Agent;

/// <summary>Drives the built-in agent like the chat page does: one message at a time, memory carried over.</summary>
public sealed class AgentConversation : IAsyncDisposable
{
    private string _state = "{}";

    private AgentConversation(ToolsTestHost host) => Host = host;

    public ToolsTestHost Host { get; }

    public IConversationAgent Agent => Host.Get<IConversationAgent>();

    /// <summary>The parser the agent reads with: the real one, unless a test scripts how a sentence is read.</summary>
    public ScriptedParser Parser => Host.Get<ScriptedParser>();

    /// <summary>The browser's IANA zone the chat page would send (null: unknown).</summary>
    public string? CustomerTimeZone { get; set; }

    /// <summary>The browser's IP address the chat page would send.</summary>
    public string? ClientAddress { get; set; } = "203.0.113.7";

    public static async Task<AgentConversation> StartAsync(FakeClock? clock = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(await ToolsTestHost.StartAsync(clock, settings, AddAgent));

    public static void AddAgent(IServiceCollection services)
    {
        services.AddSingleton<ScriptedParser>();
        services.AddSingleton<IUtteranceParser>(sp => sp.GetRequiredService<ScriptedParser>());
        services.AddSingleton<AgentTools>();
        services.AddSingleton<IConversationAgent, BuiltInAgent>();
    }

    /// <summary>Sends a message and returns the agent's replies joined by newlines.</summary>
    public async Task<string> SayAsync(string message)
    {
        var reply = await Agent.RespondAsync(message, new Turn(_state, CustomerTimeZone, ClientAddress), CancellationToken.None);
        _state = reply.State;
        return string.Join("\n", reply.Messages);
    }

    /// <summary>The code in the newest code email to that address (booking emails arrive in the same mailbox).</summary>
    public string LatestCode(string email = "john@example.com") => Host.Get<PickupMailbox>().LatestCode(email);

    /// <summary>Book request, email and code: leaves the agent just after "Verified!".</summary>
    public async Task<string> VerifyAsync(string request, string email = "john@example.com")
    {
        await SayAsync(request);
        await SayAsync(email);
        return await SayAsync(LatestCode(email));
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    /// <summary>
    /// Replaces the seeded default service with these (through the database, as the dashboard would), so the
    /// business offers exactly them.
    /// </summary>
    public async Task UseServicesAsync(params Service[] services)
    {
        await using var db = await Host.Get<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync();
        foreach (var seeded in await db.Services.ToListAsync())
        {
            seeded.IsActive = false;
        }
        db.Services.AddRange(services);
        await db.SaveChangesAsync();
    }

    private sealed record Turn(string State, string? CustomerTimeZone, string? ClientAddress) : IAgentTurn
    {
        public IReplyStream? Stream => null;
    }
}
