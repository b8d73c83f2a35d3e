using OpenBooking.Tools.Data;
using OpenBooking.Web.Agent;

namespace OpenBooking.Web.Chat;

/// <summary>
/// One customer message in, the agent's replies out, everything persisted. The customer's message is saved
/// before the agent runs, so nothing typed is lost if the agent fails; a failure becomes a polite reply.
/// </summary>
public sealed class ChatService(ConversationStore store, IConversationAgent agent, ILogger<ChatService> logger)
{
    public const int MaxMessageLength = 2000;

    /// <summary>The conversation with this id, or a new one (with the agent's greeting) when it does not exist.</summary>
    public async Task<ConversationSnapshot> OpenAsync(Guid id, CancellationToken cancellationToken = default) =>
        await store.FindAsync(id, cancellationToken: cancellationToken) ?? await store.CreateAsync(id, agent.Greeting, cancellationToken);

    /// <param name="clientAddress">The browser's IP address (from the request that opened the page), for the code limits.</param>
    /// <param name="stream">Shows the reply while the agent writes it (an LLM agent streams; the built-in one answers at once).</param>
    public async Task<ChatExchange> SendAsync(
        Guid id, string text, string? customerTimeZone = null, string? clientAddress = null, IReplyStream? stream = null,
        CancellationToken cancellationToken = default)
    {
        text = text.Trim();
        if (text.Length > MaxMessageLength)
        {
            text = text[..MaxMessageLength];
        }
        // Only the agent's memory is needed here, not the transcript.
        var state = await store.FindAgentStateAsync(id, cancellationToken)
            ?? (await store.CreateAsync(id, agent.Greeting, cancellationToken)).AgentState;
        var saved = await store.AppendAsync(id, [(MessageAuthor.Customer, text)], agentState: null, cancellationToken);

        AgentReply reply;
        try
        {
            reply = await agent.RespondAsync(text, new Turn(state, customerTimeZone, clientAddress, stream), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "The agent failed on conversation {ConversationId}", id);
            reply = new AgentReply(["Sorry, something went wrong on my side. Please try that again."], state);
        }
        var transcript = reply.Transcript.Count > 0 ? reply.Transcript : reply.Messages.Select(m => (MessageAuthor.Agent, m));
        var added = await store.AppendAsync(id, transcript, reply.State, cancellationToken);
        return new ChatExchange(saved[0], [.. added.Where(m => m.Author == MessageAuthor.Agent)]);
    }

    private sealed record Turn(string State, string? CustomerTimeZone, string? ClientAddress, IReplyStream? Stream) : IAgentTurn;
}

public sealed record ChatExchange(ChatMessage Customer, IReadOnlyList<ChatMessage> Replies);
