using System.Collections.Concurrent;
using OpenBooking.Tools.Data.WebApp;
using Microsoft.Extensions.Options;
using OpenBooking.Web.Agent;
using OpenBooking.Web.Agent.Llm;

namespace OpenBooking.Web.Chat;

/// <summary>
/// One customer message in, the agent's replies out, everything persisted. The customer's message is saved
/// before the agent runs, so nothing typed is lost if the agent fails; a failure becomes a polite reply. One-time
/// codes are stored masked (<see cref="OneTimeCodeMask"/>); the agent reads the message as typed.
/// Each message goes to the engine <c>Agent:Mode</c> names at that moment (a change in the dashboard applies to the next
/// message of every conversation, which keeps its history and its verified customer). In OpenAI mode, when the model
/// fails, the built-in engine answers the same message (<see cref="ModelFallback"/>).
/// </summary>
public sealed class ChatService(
    ConversationStore store, BuiltInAgent agent, KernelAgent model, ModelFallback fallback, IOptionsMonitor<AgentOptions> options,
    ConversationTurnLock turns, ILogger<ChatService> logger)
{
    public const int MaxMessageLength = 2000;

    // The turns running now (each one's end), so that the app waits for them when it stops.
    private readonly ConcurrentDictionary<object, Task> running = new();

    /// <summary>The conversation with this id, or a new one (with the agent's greeting) when it does not exist.</summary>
    public async Task<ConversationSnapshot> OpenAsync(Guid id, CancellationToken cancellationToken = default) =>
        await store.FindAsync(id, cancellationToken: cancellationToken) ?? await store.CreateAsync(id, agent.Greeting, cancellationToken);

    /// <param name="clientAddress">The browser's IP address (from the request that opened the page), for the code limits.</param>
    /// <param name="stream">Shows the reply while the agent writes it (an LLM agent streams; the built-in one answers at once).</param>
    /// <param name="cancellationToken">
    /// Stops the waiting, not the turn: a turn runs to its end and is saved even when the page that sent it closes, so a
    /// code sent or a booking made is never forgotten by the conversation.
    /// </param>
    public Task<ChatExchange> SendAsync(
        Guid id, string text, string? customerTimeZone = null, string? clientAddress = null, IReplyStream? stream = null,
        CancellationToken cancellationToken = default)
    {
        text = text.Trim();
        if (text.Length > MaxMessageLength)
        {
            // Refused whole, never cut: the page keeps the text for the customer to shorten, and no agent reads it.
            throw new MessageTooLongException(text.Length);
        }
        // Off the caller's synchronization context: a Blazor circuit stays free to render what the stream queues.
        var key = new object();
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        running[key] = ended.Task;
        var turn = Task.Run(async () =>
        {
            try
            {
                return await RunTurnAsync(id, text, customerTimeZone, clientAddress, stream);
            }
            finally
            {
                running.TryRemove(key, out _);
                ended.SetResult();
            }
        }, CancellationToken.None);
        return turn.WaitAsync(cancellationToken);
    }

    /// <summary>How many turns are running now, in all conversations.</summary>
    public int RunningTurns => running.Count;

    /// <summary>Completes when every turn running now has ended (saved, or failed and logged).</summary>
    public Task WhenTurnsEndAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(running.Values).WaitAsync(cancellationToken);

    /// <summary>
    /// Completes when no turn of this conversation is running (at once when none is): a page opened while an answer
    /// is being written waits for it, then shows it.
    /// </summary>
    public async Task WaitForTurnAsync(Guid id, CancellationToken cancellationToken = default)
    {
        if (turns.IsHeld(id))
        {
            await using var _ = await turns.EnterAsync(id, cancellationToken);
        }
    }

    /// <summary>Whether a turn of this conversation is running now.</summary>
    public bool IsAnswering(Guid id) => turns.IsHeld(id);

    private async Task<ChatExchange> RunTurnAsync(Guid id, string text, string? customerTimeZone, string? clientAddress, IReplyStream? stream)
    {
        try
        {
            return await RunTurnCoreAsync(id, text, customerTimeZone, clientAddress, stream);
        }
        catch (Exception ex)
        {
            // The page may be gone (nobody awaits this any more): the failure must still be seen.
            logger.LogError(ex, "A message on conversation {ConversationId} could not be saved", id);
            throw;
        }
    }

    private async Task<ChatExchange> RunTurnCoreAsync(Guid id, string text, string? customerTimeZone, string? clientAddress, IReplyStream? stream)
    {
        // One turn at a time per conversation (two tabs of one chat): each reads the memory the previous one saved.
        await using var _ = await turns.EnterAsync(id);
        // Only the agent's memory is needed here, not the transcript.
        var state = await store.FindAgentStateAsync(id)
            ?? (await store.CreateAsync(id, agent.Greeting)).AgentState;
        var saved = await store.AppendAsync(id, [(MessageAuthor.Customer, OneTimeCodeMask.Apply(text))], agentState: null);

        AgentReply reply;
        try
        {
            reply = await AnswerAsync(text, new Turn(state, customerTimeZone, clientAddress, stream));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The agent failed on conversation {ConversationId}", id);
            reply = new AgentReply(["Sorry, something went wrong on my side. Please try that again."], state);
        }
        var transcript = reply.Transcript.Count > 0 ? reply.Transcript : reply.Messages.Select(m => (MessageAuthor.Agent, m));
        var added = await store.AppendAsync(id, transcript, reply.State);
        return new ChatExchange(saved[0], [.. added.Where(m => m.Author == MessageAuthor.Agent)]);
    }

    private async Task<AgentReply> AnswerAsync(string text, Turn turn)
    {
        if (options.CurrentValue.Mode != AgentMode.OpenAI || fallback.IsActive(turn.State))
        {
            return await fallback.AnswerAsync(text, turn, CancellationToken.None);
        }
        try
        {
            return await model.RespondAsync(text, turn, CancellationToken.None);
        }
        catch (ModelUnavailableException failure)
        {
            return await fallback.AfterFailureAsync(text, turn, failure, CancellationToken.None);
        }
    }

    private sealed record Turn(string State, string? CustomerTimeZone, string? ClientAddress, IReplyStream? Stream) : IAgentTurn;
}

public sealed record ChatExchange(ChatMessage Customer, IReadOnlyList<ChatMessage> Replies);

/// <summary>A message longer than <see cref="ChatService.MaxMessageLength"/>: refused, not saved, not read by the agent.</summary>
public sealed class MessageTooLongException(int length)
    : ArgumentException($"The message has {length:N0} characters; at most {ChatService.MaxMessageLength:N0} can be sent.")
{
    public int Length { get; } = length;
}
