using OpenBooking.Tools.Data.WebApp;
using NodaTime;

namespace OpenBooking.Web.Agent.Llm;

/// <summary>
/// The built-in engine answering in a conversation the model leads or has led: because the admin chose it, because the
/// model failed on this message, or during the <see cref="OpenAIAgentOptions.FallbackMinutes"/> after a failure. The
/// built-in engine only ever sees its own memory; the model's memory (<see cref="LlmMemory"/>, kept beside it) records the
/// exchange, so the model knows what happened when it takes over again.
/// </summary>
public sealed class ModelFallback(BuiltInAgent builtIn, IClock clock)
{
    public const string FallbackNotice =
        "Sorry, our AI assistant isn't answering right now, so the standard booking assistant is taking over. Nothing you said is lost.";

    /// <summary>Whether this conversation is on the built-in engine for now because the model failed lately.</summary>
    public bool IsActive(string state) => LlmMemory.Split(state).Memory?.FallbackUntil > clock.GetCurrentInstant();

    /// <summary>The built-in engine answers the message (the admin chose it, or the model is resting after a failure).</summary>
    public Task<AgentReply> AnswerAsync(string customerMessage, IAgentTurn turn, CancellationToken cancellationToken)
    {
        var (builtInState, memory) = LlmMemory.Split(turn.State);
        memory?.AddUser(KernelAgent.HideCodes(customerMessage));
        return BuiltInAsync(customerMessage, turn, builtInState, memory, [], cancellationToken);
    }

    /// <summary>
    /// The model failed on this message: the customer is told, then either hears what was already done (a code sent,
    /// a booking made, a code checked) or the built-in engine answers the same message.
    /// </summary>
    public async Task<AgentReply> AfterFailureAsync(
        string customerMessage, IAgentTurn turn, ModelUnavailableException failure, CancellationToken cancellationToken)
    {
        var partial = failure.Partial;
        var (builtInState, memory) = LlmMemory.Split(partial.State);
        List<(MessageAuthor, string)> before = [.. partial.Transcript, (MessageAuthor.Agent, FallbackNotice)];
        if (failure.Done is { } done)
        {
            memory?.AddAssistant(done);
            return Reply([.. before, (MessageAuthor.Agent, done)], LlmMemory.Merge(builtInState, memory), turn.Stream);
        }
        return await BuiltInAsync(customerMessage, turn, builtInState, memory, before, cancellationToken);
    }

    private async Task<AgentReply> BuiltInAsync(
        string customerMessage, IAgentTurn turn, string builtInState, LlmMemory? memory, List<(MessageAuthor, string)> before,
        CancellationToken cancellationToken)
    {
        var reply = await builtIn.RespondAsync(customerMessage, new BuiltInTurn(builtInState, turn), cancellationToken);
        memory?.AddAssistant(string.Join("\n\n", reply.Messages));
        var transcript = reply.Transcript.Count > 0 ? reply.Transcript : reply.Messages.Select(m => (MessageAuthor.Agent, m));
        return Reply([.. before, .. transcript], LlmMemory.Merge(reply.State, memory), stream: null);
    }

    private static AgentReply Reply(List<(MessageAuthor Author, string Text)> transcript, string state, IReplyStream? stream)
    {
        if (stream is not null)
        {
            stream.EndMessage();
        }
        return new AgentReply([.. transcript.Where(t => t.Author == MessageAuthor.Agent).Select(t => t.Text)], state) { Transcript = transcript };
    }

    private sealed record BuiltInTurn(string State, IAgentTurn Turn) : IAgentTurn
    {
        public string? CustomerTimeZone => Turn.CustomerTimeZone;
        public string? ClientAddress => Turn.ClientAddress;
        public IReplyStream? Stream => null;
    }
}
